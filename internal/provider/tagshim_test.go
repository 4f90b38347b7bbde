package provider_test

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// shimSDK reaches the shim: the tagging calls it serves answer.
type shimSDK struct {
	gd *guardduty.Client
	sh *securityhub.Client
	aa *accessanalyzer.Client
}

func shimClients(s *acctest.TagShim) shimSDK {
	c := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", ""), BaseEndpoint: aws.String(s.URL())}
	return shimSDK{gd: guardduty.NewFromConfig(c), sh: securityhub.NewFromConfig(c), aa: accessanalyzer.NewFromConfig(c)}
}
