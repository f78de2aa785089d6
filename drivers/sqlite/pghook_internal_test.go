package sqlite

import (
	"errors"
	"path/filepath"
	"testing"
	"unsafe"
)

// A build without the pre-update hook cannot capture the rows a
// postgres-dialect AppHash covers: OpenPG refuses to open rather than let
// the node diverge from PostgreSQL nodes at its first write.
func TestOpenPGRefusesWithoutRowHook(t *testing.T) {
	defer func(f func(unsafe.Pointer) (*rowHook, error)) { pgRowHook = f }(pgRowHook)
	pgRowHook = func(unsafe.Pointer) (*rowHook, error) { return nil, nil }
	d, err := OpenPG(filepath.Join(t.TempDir(), "node.db"))
	if !errors.Is(err, errNoPGRowHook) {
		if d != nil {
			d.Close()
		}
		t.Fatalf("OpenPG without the hook: %v, want %v", err, errNoPGRowHook)
	}
}
