//go:build !sqlite_preupdate_hook

package sqlite

import "database/sql"

// registerRowHook: this build has no pre-update hook (see rowhook.go); the
// engine captures rows with triggers.
func registerRowHook(*sql.Conn) (*rowHook, error) { return nil, nil }
