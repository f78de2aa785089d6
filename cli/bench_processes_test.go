package cli

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// Node processes of a benchmark network share the cores: each gets its
// share as GOMAXPROCS, and its own CPU profile when one is asked for.
func TestBenchNodeEnv(t *testing.T) {
	t.Setenv("GOMAXPROCS", "")
	os.Unsetenv("GOMAXPROCS")
	t.Setenv("BLOCKSQL_CPUPROFILE", "/tmp/cpu.prof")
	env := benchNodeEnv(4 * runtime.NumCPU())(3)
	for _, want := range []string{"GOMAXPROCS=1", "BLOCKSQL_CPUPROFILE=/tmp/cpu.prof.node3"} {
		if !slices.Contains(env, want) {
			t.Errorf("node environment lacks %s", want)
		}
	}
	t.Setenv("GOMAXPROCS", "7")
	var set []string
	for _, kv := range benchNodeEnv(4)(0) {
		if strings.HasPrefix(kv, "GOMAXPROCS=") {
			set = append(set, kv)
		}
	}
	if !slices.Equal(set, []string{"GOMAXPROCS=7"}) {
		t.Errorf("GOMAXPROCS the operator set became %v", set)
	}
}

// The CPU a node process used is read from /proc: here this process's,
// which must agree with getrusage.
func TestBenchProcessCPU(t *testing.T) {
	deadline := time.Now().Add(10 * time.Second)
	x := 0
	for benchProcessCPU(os.Getpid()) < 50*time.Millisecond && time.Now().Before(deadline) {
		for i := range 1_000_000 {
			x += i
		}
	}
	proc, self := benchProcessCPU(os.Getpid()), benchCPU()
	if proc < 50*time.Millisecond || proc > self+50*time.Millisecond || self > proc+time.Second {
		t.Fatalf("/proc says %s of CPU, getrusage %s (%d)", proc, self, x)
	}
}
