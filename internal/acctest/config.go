package acctest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
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

// KMSKey creates a customer-managed key in region of t's account, straight
// on the emulator, and returns its ARN: the key of a second region, which
// tests make out of band.
func KMSKey(t testing.TB, region string) string {
	t.Helper()
	cfg := AWSConfig(t)
	cfg.Region = region
	out, err := kms.NewFromConfig(cfg).CreateKey(context.Background(), &kms.CreateKeyInput{Description: aws.String(t.Name())})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.KeyMetadata.Arn)
}
