package acctest

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// AWSConfig is an SDK configuration for t's raw emulator (no proxy; its
// account under Parallel, else the shared one), for assertions and
// out-of-band changes in tests. S3 clients must set UsePathStyle.
func AWSConfig(t testing.TB) aws.Config {
	t.Helper()
	PreCheck(t)
	return current(t).awsConfig()
}

// AWSConfig is an SDK configuration for this raw emulator (no proxy), as
// the package-level AWSConfig is for the shared one.
func (e *Emulator) AWSConfig(t testing.TB) aws.Config {
	t.Helper()
	PreCheck(t)
	return e.awsConfig()
}

func (e *Emulator) awsConfig() aws.Config {
	return aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(e.url),
	}
}
