package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The test binary carries the constructor too: run as `<test binary>
// replay` with BLOCKSQL_MALLOC_PROBE set, it prints the GLIBC_TUNABLES it
// runs with instead of testing.
func TestMain(m *testing.M) {
	if os.Getenv("BLOCKSQL_MALLOC_PROBE") == "1" {
		os.Stdout.WriteString(os.Getenv("GLIBC_TUNABLES"))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// tunablesOf runs this binary with args and env (GLIBC_TUNABLES removed
// from the test's own environment first) and returns the GLIBC_TUNABLES
// it ended up running with.
func tunablesOf(t *testing.T, args []string, env ...string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GLIBC_TUNABLES=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "BLOCKSQL_MALLOC_PROBE=1"), env...)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return string(out)
}

func TestReplayRunsWithHugePageMalloc(t *testing.T) {
	thp, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(thp), "[never]") {
		if got := tunablesOf(t, []string{"replay"}); got != "" {
			t.Fatalf("transparent huge pages are off, yet replay ran with GLIBC_TUNABLES=%q", got)
		}
		t.Skip("the kernel's transparent huge pages are off here: replay keeps glibc's defaults")
	}
	if got := tunablesOf(t, []string{"replay", "--home", "x"}); got != replayMallocTunables {
		t.Fatalf("replay ran with GLIBC_TUNABLES=%q, want %q", got, replayMallocTunables)
	}
	// Only replay: a node keeps glibc's defaults.
	for _, args := range [][]string{{"start"}, {"status", "replay"}, {}} {
		if got := tunablesOf(t, args); got != "" {
			t.Errorf("%v ran with GLIBC_TUNABLES=%q, want it unset", args, got)
		}
	}
	// An operator's own setting is kept as it is.
	if got := tunablesOf(t, []string{"replay"}, "GLIBC_TUNABLES=glibc.malloc.arena_max=2"); got != "glibc.malloc.arena_max=2" {
		t.Fatalf("replay with the operator's GLIBC_TUNABLES ran with %q", got)
	}
}
