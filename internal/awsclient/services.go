package awsclient

import (
	"context"
	"net/url"

	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/inspector2"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
)

// AccessAnalyzer returns the accessanalyzer client.
func (c *Client) AccessAnalyzer() *accessanalyzer.Client {
	return lazy(c, "accessanalyzer", func() *accessanalyzer.Client {
		return accessanalyzer.NewFromConfig(c.cfg, func(o *accessanalyzer.Options) { o.BaseEndpoint = c.endpoint("accessanalyzer") })
	})
}

// Backup returns the backup client.
func (c *Client) Backup() *backup.Client {
	return lazy(c, "backup", func() *backup.Client {
		return backup.NewFromConfig(c.cfg, func(o *backup.Options) { o.BaseEndpoint = c.endpoint("backup") })
	})
}

// CloudTrail returns the cloudtrail client.
func (c *Client) CloudTrail() *cloudtrail.Client {
	return lazy(c, "cloudtrail", func() *cloudtrail.Client {
		return cloudtrail.NewFromConfig(c.cfg, func(o *cloudtrail.Options) { o.BaseEndpoint = c.endpoint("cloudtrail") })
	})
}

// ConfigService returns the configservice client.
func (c *Client) ConfigService() *configservice.Client {
	return lazy(c, "configservice", func() *configservice.Client {
		return configservice.NewFromConfig(c.cfg, func(o *configservice.Options) { o.BaseEndpoint = c.endpoint("configservice") })
	})
}

// EC2 returns the ec2 client.
func (c *Client) EC2() *ec2.Client {
	return lazy(c, "ec2", func() *ec2.Client {
		return ec2.NewFromConfig(c.cfg, func(o *ec2.Options) { o.BaseEndpoint = c.endpoint("ec2") })
	})
}

// ELBV2 returns the elasticloadbalancingv2 client.
func (c *Client) ELBV2() *elasticloadbalancingv2.Client {
	return lazy(c, "elbv2", func() *elasticloadbalancingv2.Client {
		return elasticloadbalancingv2.NewFromConfig(c.cfg, func(o *elasticloadbalancingv2.Options) { o.BaseEndpoint = c.endpoint("elbv2") })
	})
}

// GuardDuty returns the guardduty client.
func (c *Client) GuardDuty() *guardduty.Client {
	return lazy(c, "guardduty", func() *guardduty.Client {
		return guardduty.NewFromConfig(c.cfg, func(o *guardduty.Options) { o.BaseEndpoint = c.endpoint("guardduty") })
	})
}

// IAM returns the iam client.
func (c *Client) IAM() *iam.Client {
	return lazy(c, "iam", func() *iam.Client {
		return iam.NewFromConfig(c.cfg, func(o *iam.Options) { o.BaseEndpoint = c.endpoint("iam") })
	})
}

// Inspector2 returns the inspector2 client.
func (c *Client) Inspector2() *inspector2.Client {
	return lazy(c, "inspector2", func() *inspector2.Client {
		return inspector2.NewFromConfig(c.cfg, func(o *inspector2.Options) { o.BaseEndpoint = c.endpoint("inspector2") })
	})
}

// KMS returns the kms client.
func (c *Client) KMS() *kms.Client {
	return lazy(c, "kms", func() *kms.Client {
		return kms.NewFromConfig(c.cfg, func(o *kms.Options) { o.BaseEndpoint = c.endpoint("kms") })
	})
}

// Logs returns the logs client.
func (c *Client) Logs() *cloudwatchlogs.Client {
	return lazy(c, "logs", func() *cloudwatchlogs.Client {
		return cloudwatchlogs.NewFromConfig(c.cfg, func(o *cloudwatchlogs.Options) { o.BaseEndpoint = c.endpoint("logs") })
	})
}

// RDS returns the rds client.
func (c *Client) RDS() *rds.Client {
	return lazy(c, "rds", func() *rds.Client {
		return rds.NewFromConfig(c.cfg, func(o *rds.Options) { o.BaseEndpoint = c.endpoint("rds") })
	})
}

// SecretsManager returns the secretsmanager client.
func (c *Client) SecretsManager() *secretsmanager.Client {
	return lazy(c, "secretsmanager", func() *secretsmanager.Client {
		return secretsmanager.NewFromConfig(c.cfg, func(o *secretsmanager.Options) { o.BaseEndpoint = c.endpoint("secretsmanager") })
	})
}

// SecurityHub returns the securityhub client.
func (c *Client) SecurityHub() *securityhub.Client {
	return lazy(c, "securityhub", func() *securityhub.Client {
		return securityhub.NewFromConfig(c.cfg, func(o *securityhub.Options) { o.BaseEndpoint = c.endpoint("securityhub") })
	})
}

// STS returns the sts client.
func (c *Client) STS() *sts.Client {
	return lazy(c, "sts", func() *sts.Client {
		return sts.NewFromConfig(c.cfg, func(o *sts.Options) { o.BaseEndpoint = c.endpoint("sts") })
	})
}

// S3 returns the s3 client; path-style addressing when an endpoint is overridden.
func (c *Client) S3() *s3.Client {
	return lazy(c, "s3", func() *s3.Client {
		return s3.NewFromConfig(c.cfg, func(o *s3.Options) {
			o.BaseEndpoint = c.endpoint("s3")
			o.UsePathStyle = o.BaseEndpoint != nil
		})
	})
}

// S3Control returns the s3control client. AWS puts the account ID in front
// of the s3control host; an overridden endpoint (an emulator, a VPC
// endpoint) is used exactly as given instead.
func (c *Client) S3Control() *s3control.Client {
	return lazy(c, "s3control", func() *s3control.Client {
		return s3control.NewFromConfig(c.cfg, func(o *s3control.Options) {
			if u := c.endpoint("s3control"); u != nil {
				o.BaseEndpoint = u
				o.EndpointResolverV2 = FixedEndpoint(*u)
			}
		})
	})
}

// FixedEndpoint resolves every s3control operation to one URL, used as
// given: without the account ID AWS puts in front of the host.
type FixedEndpoint string

// ResolveEndpoint implements s3control.EndpointResolverV2.
func (f FixedEndpoint) ResolveEndpoint(context.Context, s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	u, err := url.Parse(string(f))
	if err != nil {
		return smithyendpoints.Endpoint{}, err
	}
	return smithyendpoints.Endpoint{URI: *u}, nil
}

// WAFV2 returns the wafv2 client.
func (c *Client) WAFV2() *wafv2.Client {
	return lazy(c, "wafv2", func() *wafv2.Client {
		return wafv2.NewFromConfig(c.cfg, func(o *wafv2.Options) { o.BaseEndpoint = c.endpoint("wafv2") })
	})
}
