package database

import (
	"fmt"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/compliance"
)

// ReplaceReasons lists, in a fixed order, the attributes whose change from
// prior to planned RDS cannot apply in place, so the database must be
// replaced (with its final snapshot). Both specs are compared after
// defaults, so a change of case in identifier or a default spelled out
// replaces nothing. Such an attribute not yet known (u) counts as changed.
// The provider's ModifyPlan marks exactly these attributes RequiresReplace.
func ReplaceReasons(prior, planned Spec, u compliance.Unknown) []string {
	p, n := prior.WithDefaults(), planned.WithDefaults()
	var out []string
	for _, f := range []struct {
		attr       string
		old, value string
	}{
		{"identifier", p.Identifier, n.Identifier},
		{"engine", string(p.Engine), string(n.Engine)},
		{"kms_key_arn", p.KMSKeyARN, n.KMSKeyARN},
		{"vpc_id", p.VPCID, n.VPCID},
		{"master_username", p.MasterUsername, n.MasterUsername},
		{"database_name", p.DatabaseName, n.DatabaseName},
	} {
		if f.old != f.value || u.Has(f.attr) {
			out = append(out, f.attr)
		}
	}
	return out
}

// Change is one update of a database: the prior (state) and planned specs.
type Change struct{ Prior, Planned Spec }

// updateRules name what they read of the planned spec; the prior one, from
// state, is always known.
var updateRules = []compliance.Rule[Change, InputError]{
	{Reads: compliance.R("engine", "allocated_storage"), Check: checkShrink},
	{Reads: compliance.R("engine", "engine_version", "allow_major_version_upgrade"), Check: checkVersionChange},
	{Reads: compliance.R("engine", "port"), Check: checkPortChange},
}

// CheckUpdate reports in-place changes from prior to planned that RDS
// refuses or that would lose data: shrinking storage, a version downgrade, a
// major version upgrade without allow_major_version_upgrade; and a new
// port, which this resource does not apply in place. They are
// InputErrors, not violations: they break no control, and no exception can
// waive them. When ReplaceReasons names engine, versions are not compared
// (the new database starts fresh).
func CheckUpdate(prior, planned Spec) []InputError {
	return EvaluateUpdate(prior, planned, compliance.Unknown{})
}

// EvaluateUpdate is CheckUpdate when some planned arguments are unknown (u):
// a rule that reads one of them waits for the plan at apply.
func EvaluateUpdate(prior, planned Spec, u compliance.Unknown) []InputError {
	return compliance.Apply(Change{Prior: prior.WithDefaults(), Planned: planned.WithDefaults()}, u, updateRules)
}

func checkShrink(c Change) []InputError {
	p, n := c.Prior, c.Planned
	if n.Engine.IsAurora() || n.AllocatedStorage >= p.AllocatedStorage {
		return nil
	}
	return []InputError{{Attribute: "allocated_storage", Detail: fmt.Sprintf(
		"allocated_storage cannot shrink from %d to %d GiB: RDS storage can only grow; keep %d or more, "+
			"or restore a snapshot into a new, smaller database", p.AllocatedStorage, n.AllocatedStorage, p.AllocatedStorage)}}
}

func checkPortChange(c Change) []InputError {
	p, n := c.Prior, c.Planned
	if p.Engine != n.Engine || p.Port == n.Port {
		return nil
	}
	return []InputError{{Attribute: "port", Detail: fmt.Sprintf(
		"port cannot change from %d to %d in place: this resource does not move the listener of a running database "+
			"(RDS restarts it, and its clients, proxy and security group rules must move at the same moment); keep %d, "+
			"or create a new database on port %d and move the data", p.Port, n.Port, p.Port, n.Port)}}
}

func checkVersionChange(c Change) []InputError {
	if c.Prior.Engine != c.Planned.Engine {
		return nil
	}
	return versionChangeErrors(c.Prior, c.Planned)
}

func versionChangeErrors(p, n Spec) []InputError {
	old, err1 := ParseVersion(p.Engine, p.EngineVersion)
	cur, err2 := ParseVersion(n.Engine, n.EngineVersion)
	if err1 != nil || err2 != nil {
		return nil // Validate reports an unparsable planned version
	}
	switch {
	case cur.Compare(old) < 0:
		return []InputError{{Attribute: "engine_version", Detail: fmt.Sprintf(
			"engine_version cannot go down from %s to %s: RDS does not downgrade; keep %s, or restore a snapshot into a new database",
			old.Raw, cur.Raw, old.Raw)}}
	case !cur.SameMajor(old) && !n.AllowMajorVersionUpgrade:
		return []InputError{{Attribute: "engine_version", Detail: fmt.Sprintf(
			"engine_version %s to %s is a major version upgrade: set allow_major_version_upgrade = true (and take a snapshot first)",
			old.Raw, cur.Raw)}}
	}
	return nil
}
