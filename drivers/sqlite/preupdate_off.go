//go:build !sqlite_preupdate_hook

package sqlite

import "unsafe"

// registerRowHook: this build has no pre-update hook (see rowhook.go); the
// engine captures rows with triggers.
func registerRowHook(unsafe.Pointer) (*rowHook, error) { return nil, nil }

// hookBuffer: without the pre-update hook there is no rowHook to hold one.
type hookBuffer struct{}

func (hookBuffer) setOn(bool)                 {}
func (hookBuffer) size() int                  { return 0 }
func (hookBuffer) cut(int)                    {}
func (hookBuffer) take() ([]rawChange, error) { return nil, nil }
func (hookBuffer) free()                      {}
