// Command emulator runs the local AWS the acceptance tests use — moto
// server, the harness fake for the operations moto lacks, and the proxy in
// front of both — for make demo. It prints the endpoint URL on its first
// line and runs until SIGINT or SIGTERM.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/hipaa-iac/terraform-provider-hipaa/internal/acctest"
)

func main() {
	url, stop, err := acctest.Serve()
	if err != nil {
		fmt.Fprintln(os.Stderr, "emulator:", err)
		os.Exit(1)
	}
	defer stop()
	fmt.Println(url)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
}
