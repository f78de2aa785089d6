//go:build unix

package mysql_test

import (
	"os"
	"syscall"
	"testing"
)

// limitOpenFiles lowers the process's soft open-file limit to what is open
// now plus extra, and returns a function that restores it.
func limitOpenFiles(t *testing.T, extra int) func() {
	t.Helper()
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Skip("no RLIMIT_NOFILE:", err)
	}
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("cannot count open files:", err)
	}
	lim := old
	lim.Cur = uint64(len(ents) + extra)
	if lim.Cur > old.Max {
		t.Skip("hard open-file limit too low")
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skip("cannot lower RLIMIT_NOFILE:", err)
	}
	return func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) }
}
