package evidence

import "slices"

// Gap is a safeguard the HIPAA Security Rule asks for that no hipaa_*
// resource provides: the covered entity or business associate owns it.
type Gap struct {
	Area      string   `json:"area"`
	Why       string   `json:"why"`
	Citations []string `json:"citations"`
}

// gaps is the honest table of what this provider does not do, stated like
// cdk-nag's excluded rules.
var gaps = []Gap{
	{"Business associate agreements", "A BAA with AWS (AWS Artifact) and with every vendor that touches PHI is a contract, not infrastructure.",
		[]string{"164.308(b)(1)", "164.314(a)"}},
	{"Risk analysis and risk management", "The provider enforces controls; deciding which risks apply, and accepting the waived ones, is the organisation's documented analysis.",
		[]string{"164.308(a)(1)(ii)(A)", "164.308(a)(1)(ii)(B)"}},
	{"Workforce security, training and sanctions", "Who may access PHI, their security awareness training and the sanctions policy are people processes.",
		[]string{"164.308(a)(1)(ii)(C)", "164.308(a)(3)", "164.308(a)(5)"}},
	{"Application-level access control", "Users, roles and authorisation inside the application that reads the database or buckets; the provider controls the AWS layer only.",
		[]string{"164.312(a)(1)", "164.312(a)(2)(i)", "164.312(d)"}},
	{"Automatic logoff and emergency access", "Session timeouts of applications and the break-glass procedure.",
		[]string{"164.312(a)(2)(ii)", "164.312(a)(2)(iii)"}},
	{"Key custody outside AWS", "Keys held outside AWS KMS (HSMs on premises, external key stores, client-side encryption) and their escrow.",
		[]string{"164.312(a)(2)(iv)"}},
	{"Contingency plan testing", "The provider makes backups, copies and immutable vaults; restoring from them on a schedule and recording the result is the organisation's test.",
		[]string{"164.308(a)(7)(ii)(B)", "164.308(a)(7)(ii)(D)"}},
	{"Security incident procedures", "GuardDuty, Security Hub and the audit trail produce findings; triage, response and breach notification are procedures.",
		[]string{"164.308(a)(6)", "164.404"}},
	{"Physical safeguards", "Facility access, workstation use and device disposal: AWS's data centres under the BAA, and the organisation's offices and devices.",
		[]string{"164.310"}},
	{"Endpoints and workstations", "Laptops and devices that reach PHI: disk encryption, patching, MDM.",
		[]string{"164.310(b)", "164.310(c)"}},
	{"Data outside these resources", "PHI in services no hipaa_* resource manages (queues, caches, analytics, SaaS) is outside this report.",
		[]string{"164.312(a)(2)(iv)", "164.312(e)(1)"}},
}

// NotCovered lists what the provider does not do.
func NotCovered() []Gap { return slices.Clone(gaps) }
