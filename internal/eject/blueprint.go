package eject

import (
	"errors"
	"fmt"
	"path"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/blueprint"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/stack"
)

// Backend is the S3 backend of an ejected root module.
type Backend struct {
	Bucket, Key, Region, KMSKeyARN string
}

// BlueprintFile is the root module eject writes per environment and
// region: <env>/<region>/main.tf, as the terraform format of hipaagen stack.
const BlueprintFile = stack.RootModuleFile

// Blueprint renders every environment and region of b as one plain
// hashicorp/aws root module, keyed by "<env>/<region>/main.tf": the units of
// that region as the terraform format deploys them (stack.Resources), each
// ejected. State goes to the blueprint's S3 bucket under
// "<env>/<region>/plain.tfstate", apart from the hipaa_* roots' state, and
// the aws provider acts only in the environment's account.
func Blueprint(b *blueprint.Blueprint, o Options) (map[string][]byte, error) {
	files := map[string][]byte{}
	var errs []error
	for _, env := range b.Environments {
		for _, region := range env.Regions {
			dir := env.Name + "/" + region
			ro := o
			ro.Region = region
			if !o.Emulator { // the emulator has its own account, and state stays local
				ro.AccountID = env.AccountID
				ro.Backend = &Backend{Bucket: b.State.Bucket, Key: dir + "/plain.tfstate", Region: b.State.Region, KMSKeyARN: b.State.KMSKeyARN}
			}
			out, err := Config(path.Join(dir, "hipaa.tf"), stack.Resources(b, env, region), ro)
			if err != nil {
				errs = append(errs, fmt.Errorf("environment %q, region %s: %w", env.Name, region, err))
				continue
			}
			files[path.Join(dir, BlueprintFile)] = out
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return files, nil
}
