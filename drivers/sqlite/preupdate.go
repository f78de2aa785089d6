//go:build sqlite_preupdate_hook

package sqlite

import (
	"database/sql"
	"errors"

	"github.com/mattn/go-sqlite3"

	"github.com/blocksql/blocksql/drivers"
)

// registerRowHook installs the pre-update hook on the writer connection.
func registerRowHook(conn *sql.Conn) (*rowHook, error) {
	h := &rowHook{}
	err := conn.Raw(func(dc any) error {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return errors.New("sqlite row capture: unexpected connection type")
		}
		sc.RegisterPreUpdateHook(func(d sqlite3.SQLitePreUpdateData) {
			if h.active() && d.DatabaseName == "main" && captured(d.TableName) {
				h.record(preUpdate(d))
			}
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// preUpdate copies the row before and after the change.
func preUpdate(d sqlite3.SQLitePreUpdateData) rawChange {
	n := d.Count()
	c := rawChange{table: d.TableName}
	switch d.Op {
	case sqlite3.SQLITE_INSERT:
		c.op, c.after = drivers.OpInsert, make([]any, n)
		c.err = d.New(c.after...)
	case sqlite3.SQLITE_DELETE:
		c.op, c.before = drivers.OpDelete, make([]any, n)
		c.err = d.Old(c.before...)
	default:
		c.op, c.before, c.after = drivers.OpUpdate, make([]any, n), make([]any, n)
		c.err = errors.Join(d.Old(c.before...), d.New(c.after...))
	}
	return c
}
