package backupplan

import (
	"os"
	"testing"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

// TestMain runs the emulator for the executor tests when TF_ACC is set;
// without it only the pure unit tests run.
func TestMain(m *testing.M) { os.Exit(acctest.Main(m)) }
