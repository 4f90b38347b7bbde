package database

import "fmt"

// ReplaceReasons lists, in a fixed order, the attributes whose change from
// prior to planned RDS cannot apply in place, so the database must be
// replaced (with its final snapshot). Both specs are compared after defaults.
// The provider marks these attributes RequiresReplace.
func ReplaceReasons(prior, planned Spec) []string {
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
		if f.old != f.value {
			out = append(out, f.attr)
		}
	}
	return out
}

// CheckUpdate reports in-place changes from prior to planned that RDS
// refuses or that would lose data: shrinking storage, a version downgrade, a
// major version upgrade without allow_major_version_upgrade. They are
// InputErrors, not violations: they break no control, and no exception can
// waive them. When ReplaceReasons names engine, versions are not compared
// (the new database starts fresh).
func CheckUpdate(prior, planned Spec) []InputError {
	p, n := prior.WithDefaults(), planned.WithDefaults()
	var errs []InputError
	if !n.Engine.IsAurora() && n.AllocatedStorage < p.AllocatedStorage {
		errs = append(errs, InputError{"allocated_storage", fmt.Sprintf(
			"allocated_storage cannot shrink from %d to %d GiB: RDS storage can only grow; keep %d or more, "+
				"or restore a snapshot into a new, smaller database", p.AllocatedStorage, n.AllocatedStorage, p.AllocatedStorage)})
	}
	if p.Engine != n.Engine {
		return errs
	}
	return append(errs, versionChangeErrors(p, n)...)
}

func versionChangeErrors(p, n Spec) []InputError {
	old, err1 := ParseVersion(p.Engine, p.EngineVersion)
	cur, err2 := ParseVersion(n.Engine, n.EngineVersion)
	if err1 != nil || err2 != nil {
		return nil // Validate reports an unparsable planned version
	}
	switch {
	case cur.Compare(old) < 0:
		return []InputError{{"engine_version", fmt.Sprintf(
			"engine_version cannot go down from %s to %s: RDS does not downgrade; keep %s, or restore a snapshot into a new database",
			old.Raw, cur.Raw, old.Raw)}}
	case !cur.SameMajor(old) && !n.AllowMajorVersionUpgrade:
		return []InputError{{"engine_version", fmt.Sprintf(
			"engine_version %s to %s is a major version upgrade: set allow_major_version_upgrade = true (and take a snapshot first)",
			old.Raw, cur.Raw)}}
	}
	return nil
}
