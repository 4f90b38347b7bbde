// Package kmsarn classifies the string given where a customer managed KMS
// key ARN is required, and says what is wrong with anything else.
//
// A key ARN names one key whose key policy the customer controls. An alias
// (name or ARN) can be repointed, and alias/aws/* names an AWS managed key
// whose policy nobody but AWS controls; a bare key ID does not say which
// account or region it lives in. All three are refused where a control
// requires a customer managed key; anything else is not a KMS identifier.
package kmsarn

import (
	"fmt"
	"regexp"
	"strings"
)

// Kind is what a string names as a KMS identifier.
type Kind int

// The kinds Classify returns.
const (
	Invalid   Kind = iota // not a KMS key or alias identifier
	KeyARN                // arn:<partition>:kms:<region>:<account>:key/<key-id>
	AliasARN              // arn:<partition>:kms:<region>:<account>:alias/<name>
	AliasName             // alias/<name>, including AWS managed alias/aws/<service>
	KeyID                 // a bare key ID: <uuid> or mrk-<32 hex>
)

func (k Kind) String() string {
	switch k {
	case KeyARN:
		return "key ARN"
	case AliasARN:
		return "alias ARN"
	case AliasName:
		return "alias name"
	case KeyID:
		return "key ID"
	}
	return "invalid"
}

// ExpectedForm is the key ARN form sentences ask for.
const ExpectedForm = "arn:aws:kms:<region>:<account-id>:key/<key-id>"

// AWSManagedAliasPrefix starts the aliases of AWS managed keys (alias/aws/rds).
const AWSManagedAliasPrefix = "alias/aws/"

// The partition accepts aws, aws-cn, aws-us-gov and the other aws-* partitions
// (as every package's regex did before this one); a key ID is a lowercase
// UUID or a multi-Region mrk-<32 hex>; an alias name is 1 to 250 of
// [A-Za-z0-9/_-] after "alias/" (AWS's 256-character limit).
const (
	partition = `(aws[a-z-]*)`
	keyID     = `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})`
	alias     = `(alias/[A-Za-z0-9/_-]{1,250})`
	arnHead   = `^arn:` + partition + `:kms:([a-z0-9-]+):(\d{12}):`
)

// KeyARNPattern matches a key ARN (Kind KeyARN); the generated modules'
// variable rules use it as is.
const KeyARNPattern = arnHead + `key/` + keyID + `$`

var (
	keyARNRE    = regexp.MustCompile(KeyARNPattern)
	aliasARNRE  = regexp.MustCompile(arnHead + alias + `$`)
	aliasNameRE = regexp.MustCompile(`^` + alias + `$`)
	keyIDRE     = regexp.MustCompile(`^` + keyID + `$`)
)

// Classify says what s names. Only KeyARN is accepted where a customer
// managed key is required.
func Classify(s string) Kind {
	switch {
	case keyARNRE.MatchString(s):
		return KeyARN
	case aliasARNRE.MatchString(s):
		return AliasARN
	case aliasNameRE.MatchString(s):
		return AliasName
	case keyIDRE.MatchString(s):
		return KeyID
	}
	return Invalid
}

// ARN is a parsed key ARN.
type ARN struct {
	Partition string // aws, aws-cn, aws-us-gov, …
	Region    string
	AccountID string
	KeyID     string // <uuid> or mrk-<32 hex>
}

// String is the ARN in its canonical form.
func (a ARN) String() string {
	return fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", a.Partition, a.Region, a.AccountID, a.KeyID)
}

// MultiRegion reports whether the key is a multi-Region key (mrk-…).
func (a ARN) MultiRegion() bool { return strings.HasPrefix(a.KeyID, "mrk-") }

// Parse splits a key ARN; ok is false for every other Kind.
func Parse(s string) (ARN, bool) {
	m := keyARNRE.FindStringSubmatch(s)
	if m == nil {
		return ARN{}, false
	}
	return ARN{Partition: m[1], Region: m[2], AccountID: m[3], KeyID: m[4]}, true
}

// Problem checks s given for attribute attr (such as "kms_key_arn" or
// "flow_logs.kms_key_arn") where a customer managed key ARN is required.
// detail is "" for a key ARN; otherwise a sentence naming attr and s and
// what to use instead. control is true when s is a KMS identifier of the
// wrong kind (an alias, an AWS managed key, a bare key ID): a control
// violation, for which the caller cites its control. control is false when s
// is no KMS identifier at all: an input error.
func Problem(attr, s string) (detail string, control bool) {
	const use = "use the ARN of a customer managed key (hipaa_kms_key.<name>.arn)"
	switch Classify(s) {
	case KeyARN:
		return "", false
	case AliasName, AliasARN:
		if isAWSManaged(s) {
			return fmt.Sprintf("%s %q is an alias of an AWS managed key: AWS managed keys cannot be restricted by a key policy you control; %s",
				attr, s, use), true
		}
		return fmt.Sprintf("%s %q is a key alias: an alias can be repointed to another key, including an AWS managed one, so it does not pin a customer managed key; %s",
			attr, s, use), true
	case KeyID:
		return fmt.Sprintf("%s %q is a bare key ID, which does not say which account and region hold the key; use the full key ARN %s (hipaa_kms_key.<name>.arn)",
			attr, s, ExpectedForm), true
	}
	return fmt.Sprintf("%s %q is not a KMS key ARN: use %s, such as hipaa_kms_key.<name>.arn", attr, s, ExpectedForm), false
}

// isAWSManaged reports whether an alias name or alias ARN names an AWS
// managed key (alias/aws/<service>).
func isAWSManaged(s string) bool {
	if i := strings.Index(s, ":alias/"); i >= 0 {
		s = s[i+1:]
	}
	return strings.HasPrefix(s, AWSManagedAliasPrefix)
}
