package loadbalancer

// TLSLevel is what a predefined ELB security policy negotiates.
type TLSLevel int

// TLS levels of the predefined policies, weakest first.
const (
	TLSLegacy  TLSLevel = iota + 1 // accepts TLS 1.0 or 1.1
	TLS12Only                      // TLS 1.2, no TLS 1.3
	TLS12And13                     // TLS 1.2 and 1.3
	TLS13Only                      // TLS 1.3 only
)

// TLSPolicies are the predefined ELB security policies an ALB HTTPS
// listener accepts (Elastic Load Balancing user guide, "Security policies
// for your Application Load Balancer"), with what each negotiates. A
// policy not listed here is refused at plan: AWS refuses a name it does
// not know, and a policy added later must be classified before use.
var TLSPolicies = map[string]TLSLevel{
	"ELBSecurityPolicy-TLS13-1-3-2021-06":           TLS13Only,
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04":      TLS13Only,
	"ELBSecurityPolicy-TLS13-1-2-2021-06":           TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-Res-2021-06":       TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06":      TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06":      TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04":      TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04":  TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04": TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04": TLS12And13,
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04": TLS12And13,
	"ELBSecurityPolicy-TLS13-1-1-2021-06":           TLSLegacy,
	"ELBSecurityPolicy-TLS13-1-0-2021-06":           TLSLegacy,
	"ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04":      TLSLegacy,
	"ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04":      TLSLegacy,
	"ELBSecurityPolicy-TLS-1-2-2017-01":             TLS12Only,
	"ELBSecurityPolicy-TLS-1-2-Ext-2018-06":         TLS12Only,
	"ELBSecurityPolicy-FS-1-2-2019-08":              TLS12Only,
	"ELBSecurityPolicy-FS-1-2-Res-2019-08":          TLS12Only,
	"ELBSecurityPolicy-FS-1-2-Res-2020-10":          TLS12Only,
	"ELBSecurityPolicy-FS-1-1-2019-08":              TLSLegacy,
	"ELBSecurityPolicy-FS-2018-06":                  TLSLegacy,
	"ELBSecurityPolicy-TLS-1-1-2017-01":             TLSLegacy,
	"ELBSecurityPolicy-TLS-1-0-2015-04":             TLSLegacy,
	"ELBSecurityPolicy-2016-08":                     TLSLegacy,
	"ELBSecurityPolicy-2015-05":                     TLSLegacy,
}
