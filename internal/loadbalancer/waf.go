package loadbalancer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"
)

// IP address families of the admin IP sets: WAF holds one family per set.
const (
	FamilyIPv4 = "IPV4"
	FamilyIPv6 = "IPV6"
)

// Families are the address families of WAF IP sets.
var Families = []string{FamilyIPv4, FamilyIPv6}

// IPSetName is the admin IP set of family of the IP set named base
// (IPSet.Name).
func IPSetName(base, family string) string { return base + "-" + strings.ToLower(family) }

// IPSetNames are the WAF IP sets of the admin allow-list, by family: one
// per family in use.
func (s *IPSet) IPSetNames() map[string]string {
	out := map[string]string{}
	if s == nil {
		return out
	}
	if len(s.IPv4) > 0 {
		out[FamilyIPv4] = IPSetName(s.Name, FamilyIPv4)
	}
	if len(s.IPv6) > 0 {
		out[FamilyIPv6] = IPSetName(s.Name, FamilyIPv6)
	}
	return out
}

// Addresses are the set's blocks of family.
func (s *IPSet) Addresses(family string) []string {
	if family == FamilyIPv6 {
		return s.IPv6
	}
	return s.IPv4
}

// wafRules are the web ACL's rules as WAF takes them; ipSetARNs names the
// admin IP sets by family.
func wafRules(acl WebACL, ipSetARNs map[string]string) []waftypes.Rule {
	var out []waftypes.Rule
	for _, r := range acl.Rules {
		w := waftypes.Rule{Name: aws.String(r.Name), Priority: int32(r.Priority), VisibilityConfig: &waftypes.VisibilityConfig{
			SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: aws.String(r.MetricName)}}
		switch {
		case r.ManagedRuleGroup != "":
			w.Statement = &waftypes.Statement{ManagedRuleGroupStatement: &waftypes.ManagedRuleGroupStatement{VendorName: aws.String("AWS"), Name: aws.String(r.ManagedRuleGroup)}}
			w.OverrideAction = &waftypes.OverrideAction{None: &waftypes.NoneAction{}}
		case r.RateLimit > 0:
			w.Statement = &waftypes.Statement{RateBasedStatement: &waftypes.RateBasedStatement{Limit: aws.Int64(int64(r.RateLimit)),
				AggregateKeyType: waftypes.RateBasedStatementAggregateKeyTypeIp, EvaluationWindowSec: RateWindowSeconds}}
			w.Action = &waftypes.RuleAction{Block: &waftypes.BlockAction{}}
		default:
			w.Statement = adminStatement(r.AdminPathPrefix, ipSetARNs)
			w.Action = &waftypes.RuleAction{Block: &waftypes.BlockAction{}}
		}
		out = append(out, w)
	}
	return out
}

// adminStatement matches a request under prefix from outside every admin
// IP set.
func adminStatement(prefix string, ipSetARNs map[string]string) *waftypes.Statement {
	var refs []waftypes.Statement
	for _, f := range []string{FamilyIPv4, FamilyIPv6} {
		if arn := ipSetARNs[f]; arn != "" {
			refs = append(refs, waftypes.Statement{IPSetReferenceStatement: &waftypes.IPSetReferenceStatement{ARN: aws.String(arn)}})
		}
	}
	inSet := &refs[0]
	if len(refs) > 1 {
		inSet = &waftypes.Statement{OrStatement: &waftypes.OrStatement{Statements: refs}}
	}
	return &waftypes.Statement{AndStatement: &waftypes.AndStatement{Statements: []waftypes.Statement{
		{ByteMatchStatement: &waftypes.ByteMatchStatement{SearchString: []byte(prefix), FieldToMatch: &waftypes.FieldToMatch{UriPath: &waftypes.UriPath{}},
			PositionalConstraint: waftypes.PositionalConstraintStartsWith, TextTransformations: []waftypes.TextTransformation{{Priority: 0, Type: waftypes.TextTransformationTypeNone}}}},
		{NotStatement: &waftypes.NotStatement{Statement: inSet}},
	}}}
}

// ruleSummary renders a WAF rule as the facts drift compares: name,
// priority, action and what it matches.
func ruleSummary(r waftypes.Rule) string {
	action := "none"
	switch {
	case r.Action != nil && r.Action.Block != nil:
		action = "block"
	case r.Action != nil && r.Action.Allow != nil:
		action = "allow"
	case r.Action != nil && r.Action.Count != nil:
		action = "count"
	case r.OverrideAction != nil && r.OverrideAction.Count != nil:
		action = "count"
	}
	return fmt.Sprintf("%s#%d:%s:%s", aws.ToString(r.Name), r.Priority, action, statementSummary(r.Statement))
}

func statementSummary(s *waftypes.Statement) string {
	switch {
	case s == nil:
		return "-"
	case s.ManagedRuleGroupStatement != nil:
		m := s.ManagedRuleGroupStatement
		ex := ""
		if len(m.ExcludedRules) > 0 || len(m.RuleActionOverrides) > 0 {
			ex = "+overrides"
		}
		return "group(" + aws.ToString(m.VendorName) + "/" + aws.ToString(m.Name) + ex + ")"
	case s.RateBasedStatement != nil:
		r := s.RateBasedStatement
		return fmt.Sprintf("rate(%d/%ds,%s)", aws.ToInt64(r.Limit), windowOf(r.EvaluationWindowSec), r.AggregateKeyType)
	case s.IPSetReferenceStatement != nil:
		return "ipset(" + aws.ToString(s.IPSetReferenceStatement.ARN) + ")"
	case s.ByteMatchStatement != nil:
		return fmt.Sprintf("match(%s,%q)", s.ByteMatchStatement.PositionalConstraint, s.ByteMatchStatement.SearchString)
	case s.NotStatement != nil:
		return "not(" + statementSummary(s.NotStatement.Statement) + ")"
	case s.AndStatement != nil:
		return "and(" + statementsSummary(s.AndStatement.Statements) + ")"
	case s.OrStatement != nil:
		return "or(" + statementsSummary(s.OrStatement.Statements) + ")"
	}
	return "other"
}

// windowOf reads a rate rule's window: AWS reports 0 for the default 300.
func windowOf(sec int64) int64 {
	if sec == 0 {
		return RateWindowSeconds
	}
	return sec
}

func statementsSummary(list []waftypes.Statement) string {
	parts := make([]string, 0, len(list))
	for i := range list {
		parts = append(parts, statementSummary(&list[i]))
	}
	return strings.Join(parts, ",")
}

// rulesSummary is the sorted summaries of rules.
func rulesSummary(rules []waftypes.Rule) []string {
	out := make([]string, 0, len(rules))
	for _, r := range rules {
		out = append(out, ruleSummary(r))
	}
	slices.Sort(out)
	return out
}

// redactedFields are the logging configuration's redacted headers.
func redactedFields(names []string) []waftypes.FieldToMatch {
	out := make([]waftypes.FieldToMatch, 0, len(names))
	for _, n := range names {
		out = append(out, waftypes.FieldToMatch{SingleHeader: &waftypes.SingleHeader{Name: aws.String(n)}})
	}
	return out
}

// redactedNames reads the headers a logging configuration redacts, sorted.
func redactedNames(fields []waftypes.FieldToMatch) []string {
	var out []string
	for _, f := range fields {
		if f.SingleHeader != nil {
			out = append(out, strings.ToLower(aws.ToString(f.SingleHeader.Name)))
		}
	}
	slices.Sort(out)
	return out
}
