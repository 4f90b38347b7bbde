package stack_test

import (
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/diagram"
	"github.com/hipaa-iac/terraform-provider-hipaa/internal/stack"
)

func init() { stack.DrawDiagrams = diagram.FromState }
