// Package acctest is the acceptance-test harness: it runs the local AWS
// emulator (moto server), a fake for the few operations moto lacks, and a
// per-test counting and fault-injecting proxy between the provider and both.
//
// A test starts with Parallel, which gives it an emulator of its own
// (account.go); the few that must run serially (they set environment
// variables) share the package's emulator and call Reset first. A test may
// also start a private one (NewEmulator). Every test points the provider at
// its own Proxy (Proxy.ProviderConfig), so call counts and fault rules
// never leak between tests.
package acctest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// Emulator is one moto server and the fake in front of the operations it
// lacks. The package's shared emulator (started by Main) serves the
// package-level functions (Reset, AWSConfig, NewProxy, Sweep); a test that
// runs in parallel with others and needs a whole account to itself (it
// resets the emulator, or applies account-wide settings) starts its own
// with NewEmulator and calls the same functions as its methods.
type Emulator struct {
	url    string // base URL of moto
	fake   *fake
	cmd    *exec.Cmd
	exited chan struct{} // closed when moto has exited (nil for an emulator this process did not start)
}

// harness is the shared emulator.
var harness Emulator

// Main starts the emulator and fake when TF_ACC is set, runs the tests, and
// stops the emulator by its own process group. Without TF_ACC it only runs
// the (unit) tests.
func Main(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	if err := harness.start(os.Getenv("HIPAA_TEST_AWS_ENDPOINT")); err != nil {
		fmt.Fprintln(os.Stderr, "acctest:", err)
		return 1
	}
	defer harness.stop()
	defer stopAccounts()
	setEnv()
	return m.Run()
}

// Serve runs the emulator, the fake and one proxy in front of both for a
// process that is not a test (make demo): the provider sees the same AWS as
// in the acceptance tests. It returns the proxy's URL and a function that
// stops everything.
func Serve() (url string, stop func(), err error) {
	if err := harness.start(os.Getenv("HIPAA_TEST_AWS_ENDPOINT")); err != nil {
		return "", nil, err
	}
	p, err := harness.listen()
	if err != nil {
		harness.stop()
		return "", nil, err
	}
	return p.url, func() { _ = p.srv.Close(); harness.stop() }, nil
}

// NewEmulator starts a private moto server and fake for t and its
// subtests, stopped when t ends: a test that calls t.Parallel can reset it
// and own its account-wide settings without disturbing other tests. It
// needs moto_server on PATH even when HIPAA_TEST_AWS_ENDPOINT names the
// shared emulator. Starting one costs about two seconds of CPU.
func NewEmulator(t testing.TB) *Emulator {
	t.Helper()
	PreCheck(t)
	e := &Emulator{}
	if err := e.start(""); err != nil {
		t.Fatal("acctest:", err)
	}
	t.Cleanup(e.stop)
	return e
}

// start runs moto_server (or uses the emulator at external) and the fake.
func (e *Emulator) start(external string) error {
	e.fake = newFake()
	if external != "" {
		e.url = external
		e.fake.beside(e.url)
		return waitReady(e.url, nil, 30*time.Second)
	}
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		e.fake.close()
		return fmt.Errorf("moto_server not found on PATH: install it with pip install 'moto[server]==5.2.1' (or set HIPAA_TEST_AWS_ENDPOINT)")
	}
	port, err := freePort()
	if err != nil {
		e.fake.close()
		return err
	}
	log, err := os.Create(filepath.Join(os.TempDir(), fmt.Sprintf("moto-%d.log", port)))
	if err != nil {
		e.fake.close()
		return err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Env = append(os.Environ(), "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
	cmd.Stdout, cmd.Stderr = log, log
	// Own process group, so stop kills moto and whatever it forks; and
	// SIGKILL from the kernel if this process dies without running stop
	// (go test -timeout panics in a test goroutine: no defer runs).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	e.exited = make(chan struct{})
	if err := spawn(cmd, e.exited); err != nil {
		e.fake.close()
		return fmt.Errorf("starting moto_server: %w", err)
	}
	e.cmd = cmd
	e.url = fmt.Sprintf("http://127.0.0.1:%d", port)
	e.fake.beside(e.url)
	if err := waitReady(e.url, e.exited, 60*time.Second); err != nil {
		e.stop()
		return fmt.Errorf("%w (log: %s)", err, log.Name())
	}
	return nil
}

// spawn starts cmd from a goroutine locked to its OS thread until the
// process exits: Linux sends Pdeathsig when the thread that forked the child
// exits, and the Go runtime may end a thread at any time otherwise. The
// goroutine reaps the process and closes exited; its thread then ends.
func spawn(cmd *exec.Cmd, exited chan<- struct{}) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine, once the process is gone
		err := cmd.Start()
		errc <- err
		if err == nil {
			_ = cmd.Wait()
			close(exited)
		}
	}()
	return <-errc
}

// stop ends moto's whole process group, then the fake.
func (e *Emulator) stop() {
	if e.cmd != nil && e.cmd.Process != nil {
		_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-e.exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-e.cmd.Process.Pid, syscall.SIGKILL)
		}
	}
	if e.fake != nil {
		e.fake.close()
	}
}

func setEnv() {
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
		"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"} {
		_ = os.Setenv(k, v)
	}
	for _, k := range []string{"AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"} {
		_ = os.Unsetenv(k)
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady polls the emulator at url until it answers, it fails to start
// (exited is closed: say, its port was taken) or timeout passes.
func waitReady(url string, exited <-chan struct{}, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("emulator at %s exited while starting", url)
		default:
		}
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("emulator at %s not ready after %s", url, timeout)
}

// PreCheck skips an acceptance test outside `make testacc` (TF_ACC unset,
// as terraform-plugin-testing itself does) and fails it when TF_ACC is set
// but the harness is not running.
func PreCheck(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: run with TF_ACC=1 (make testacc)")
	}
	if harness.url == "" {
		t.Fatal("the acceptance harness is not running: run with TF_ACC=1 and a TestMain calling acctest.Main")
	}
}

// Reset wipes the state of t's emulator (its account under Parallel, else
// the shared one) and of its fake.
func Reset(t testing.TB) {
	t.Helper()
	PreCheck(t)
	current(t).Reset(t)
}

// Reset wipes the emulator's and its fake's state.
func (e *Emulator) Reset(t testing.TB) {
	t.Helper()
	resp, err := http.Post(e.url+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("resetting the emulator: %v", err)
	}
	_ = resp.Body.Close()
	e.fake.reset()
	forgetReplication(e.url)
}

// EmulatorEndpoint is the shared emulator's base URL (no proxy).
func EmulatorEndpoint() string { return harness.url }

// Endpoint is the emulator's base URL (no proxy).
func (e *Emulator) Endpoint() string { return e.url }
