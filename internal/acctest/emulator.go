// Package acctest is the acceptance-test harness: it runs the local AWS
// emulator (moto server), a fake for the few operations moto lacks, and a
// per-test counting and fault-injecting proxy between the provider and both.
//
// Tests run serially against one emulator and call Reset first. Every test
// points the provider at its own Proxy (Proxy.ProviderConfig), so call
// counts and fault rules never leak between tests.
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

// harness is the state of the running emulator and fake.
var harness struct {
	emulator string // base URL of moto
	fake     *fake
	cmd      *exec.Cmd
}

// Main starts the emulator and fake when TF_ACC is set, runs the tests, and
// stops the emulator by its own process group. Without TF_ACC it only runs
// the (unit) tests.
func Main(m *testing.M) int {
	if os.Getenv("TF_ACC") == "" {
		return m.Run()
	}
	if err := start(); err != nil {
		fmt.Fprintln(os.Stderr, "acctest:", err)
		return 1
	}
	defer stopEmulator()
	setEnv()
	return m.Run()
}

// Serve runs the emulator, the fake and one proxy in front of both for a
// process that is not a test (make demo): the provider sees the same AWS as
// in the acceptance tests. It returns the proxy's URL and a function that
// stops everything.
func Serve() (url string, stop func(), err error) {
	if err := start(); err != nil {
		return "", nil, err
	}
	p, err := listen()
	if err != nil {
		stopEmulator()
		return "", nil, err
	}
	return p.url, func() { _ = p.srv.Close(); stopEmulator() }, nil
}

func start() error {
	harness.fake = newFake()
	if url := os.Getenv("HIPAA_TEST_AWS_ENDPOINT"); url != "" {
		harness.emulator = url
		return waitReady(url, 30*time.Second)
	}
	bin, err := exec.LookPath("moto_server")
	if err != nil {
		return fmt.Errorf("moto_server not found on PATH: install it with pip install 'moto[server]==5.2.1' (or set HIPAA_TEST_AWS_ENDPOINT)")
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	log, err := os.Create(filepath.Join(os.TempDir(), fmt.Sprintf("moto-%d.log", port)))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Env = append(os.Environ(), "MOTO_IAM_LOAD_MANAGED_POLICIES=true")
	cmd.Stdout, cmd.Stderr = log, log
	// Own process group, so stop kills moto and whatever it forks; and
	// SIGKILL from the kernel if this process dies without running stop
	// (go test -timeout panics in a test goroutine: no defer runs).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := spawn(cmd); err != nil {
		return fmt.Errorf("starting moto_server: %w", err)
	}
	harness.cmd = cmd
	harness.emulator = fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitReady(harness.emulator, 60*time.Second); err != nil {
		stopEmulator()
		return fmt.Errorf("%w (log: %s)", err, log.Name())
	}
	return nil
}

// spawn starts cmd from a goroutine locked to its OS thread until the
// process exits: Linux sends Pdeathsig when the thread that forked the child
// exits, and the Go runtime may end a thread at any time otherwise.
func spawn(cmd *exec.Cmd) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread lives as long as the process
		err := cmd.Start()
		errc <- err
		if err == nil {
			select {} // keep the thread
		}
	}()
	return <-errc
}

// stopEmulator ends moto's whole process group, then the fake.
func stopEmulator() {
	if harness.cmd != nil && harness.cmd.Process != nil {
		_ = syscall.Kill(-harness.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = harness.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-harness.cmd.Process.Pid, syscall.SIGKILL)
		}
	}
	if harness.fake != nil {
		harness.fake.close()
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

func waitReady(url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
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
	if harness.emulator == "" {
		t.Fatal("the acceptance harness is not running: run with TF_ACC=1 and a TestMain calling acctest.Main")
	}
}

// Reset wipes the emulator's and the fake's state.
func Reset(t testing.TB) {
	t.Helper()
	PreCheck(t)
	resp, err := http.Post(harness.emulator+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatalf("resetting the emulator: %v", err)
	}
	_ = resp.Body.Close()
	harness.fake.reset()
}

// EmulatorEndpoint is the raw emulator's base URL (no proxy).
func EmulatorEndpoint() string { return harness.emulator }
