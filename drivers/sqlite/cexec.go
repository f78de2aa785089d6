package sqlite

/*
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

// The SQLite go-sqlite3 links into the binary; only what is called here
// is declared, the types opaque.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef long long sqlite3_int64;
int sqlite3_prepare_v2(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
int sqlite3_bind_int64(sqlite3_stmt *, int, sqlite3_int64);
int sqlite3_bind_double(sqlite3_stmt *, int, double);
int sqlite3_bind_null(sqlite3_stmt *, int);
int sqlite3_bind_text(sqlite3_stmt *, int, const char *, int, void (*)(void *));
int sqlite3_bind_blob(sqlite3_stmt *, int, const void *, int, void (*)(void *));
int sqlite3_bind_parameter_count(sqlite3_stmt *);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_reset(sqlite3_stmt *);
int sqlite3_clear_bindings(sqlite3_stmt *);
int sqlite3_finalize(sqlite3_stmt *);
sqlite3 *sqlite3_db_handle(sqlite3_stmt *);
sqlite3_int64 sqlite3_changes64(sqlite3 *);

// bsql_exec binds the n values packed in buf (as packArgs packs them) to
// st without copying them, runs it to completion, and resets it and its
// bindings before returning, so SQLite keeps no pointer into buf. It
// returns SQLite's result code (101, SQLITE_DONE, when it ran, with the
// rows it changed in *changes), or -1 when buf does not hold n values.
static int bsql_exec(sqlite3_stmt *st, const unsigned char *buf, size_t len, int n, sqlite3_int64 *changes) {
	size_t at = 0;
	int rc = 0;
	if (sqlite3_bind_parameter_count(st) != n) {
		return -1;
	}
	for (int i = 1; i <= n && rc == 0; i++) {
		if (at >= len) {
			rc = -1;
			break;
		}
		unsigned char tag = buf[at++];
		uint32_t size = 0;
		switch (tag) {
		case 1: {
			sqlite3_int64 v;
			if (at + 8 > len) { rc = -1; break; }
			memcpy(&v, buf + at, 8);
			at += 8;
			rc = sqlite3_bind_int64(st, i, v);
			break;
		}
		case 2: {
			double v;
			if (at + 8 > len) { rc = -1; break; }
			memcpy(&v, buf + at, 8);
			at += 8;
			rc = sqlite3_bind_double(st, i, v);
			break;
		}
		case 3:
		case 4:
			if (at + 4 > len) { rc = -1; break; }
			memcpy(&size, buf + at, 4);
			at += 4;
			if (at + size > len) { rc = -1; break; }
			// SQLITE_STATIC: the bytes stay in buf until the reset below.
			rc = tag == 3 ? sqlite3_bind_text(st, i, (const char *)buf + at, (int)size, 0)
			              : sqlite3_bind_blob(st, i, buf + at, (int)size, 0);
			at += size;
			break;
		case 5:
			rc = sqlite3_bind_null(st, i);
			break;
		default:
			rc = -1;
		}
	}
	if (rc == 0) {
		while ((rc = sqlite3_step(st)) == 100) { // SQLITE_ROW
		}
		if (rc == 101) {
			*changes = sqlite3_changes64(sqlite3_db_handle(st));
		}
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}
*/
import "C"

import (
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// Internal writes in one call into C. The operation log and the row
// history are written in multi-row INSERTs of thousands of values per
// block; through database/sql and go-sqlite3 each value costs a
// conversion, a call from Go into C and a copy inside SQLite. The writer's
// cached statements of internal writes are instead also prepared on its
// SQLite handle (cstmts), their values packed into one buffer (packArgs)
// and bound, stepped and reset in one call (bsql_exec). Only values of the
// kinds go-sqlite3 binds directly are packed, bound as it binds them;
// anything else, and any error, goes the database/sql way, so a failing
// statement (SQLite undoes it) is run again there and fails with the
// error go-sqlite3 reports.

// cstmts are statements prepared on a SQLite handle, by their text.
type cstmts struct {
	db    *C.sqlite3
	stmts map[string]*C.sqlite3_stmt
	buf   []byte
}

func newCStmts(db unsafe.Pointer) *cstmts {
	return &cstmts{db: (*C.sqlite3)(db), stmts: map[string]*C.sqlite3_stmt{}}
}

// exec runs query with args and reports whether it did, and the rows it
// changed; false, with nothing changed, when the values or the statement
// are not for this path or SQLite refused them (undoing the statement).
func (c *cstmts) exec(query string, args []any) (int64, bool) {
	buf, ok := packArgs(c.buf[:0], args)
	c.buf = buf
	if !ok {
		return 0, false
	}
	st := c.stmts[query]
	if st == nil {
		if len(c.stmts) >= stmtCacheSize {
			c.finalize()
		}
		q := C.CString(query)
		defer C.free(unsafe.Pointer(q))
		if C.sqlite3_prepare_v2(c.db, q, -1, &st, nil) != 0 || st == nil {
			return 0, false
		}
		c.stmts[query] = st
	}
	var p *C.uchar
	if len(buf) > 0 {
		p = (*C.uchar)(unsafe.Pointer(&buf[0]))
	}
	var changes C.sqlite3_int64
	if C.bsql_exec(st, p, C.size_t(len(buf)), C.int(len(args)), &changes) != 101 { // SQLITE_DONE
		return 0, false
	}
	return int64(changes), true
}

// finalize drops every statement, before the connection closes.
func (c *cstmts) finalize() {
	for q, st := range c.stmts {
		C.sqlite3_finalize(st)
		delete(c.stmts, q)
	}
}

// packArgs appends args to buf as bsql_exec reads them: a tag (1 INTEGER,
// 2 REAL, 3 TEXT, 4 BLOB, 5 NULL) and the value, as go-sqlite3 would bind
// it (a bool as 0 or 1, a nil []byte as NULL). It reports false for a
// value of another kind.
func packArgs(buf []byte, args []any) ([]byte, bool) {
	for _, a := range args {
		switch v := a.(type) {
		case nil:
			buf = append(buf, 5)
		case int64:
			buf = binary.NativeEndian.AppendUint64(append(buf, 1), uint64(v))
		case int:
			buf = binary.NativeEndian.AppendUint64(append(buf, 1), uint64(int64(v)))
		case int32:
			buf = binary.NativeEndian.AppendUint64(append(buf, 1), uint64(int64(v)))
		case bool:
			var n uint64
			if v {
				n = 1
			}
			buf = binary.NativeEndian.AppendUint64(append(buf, 1), n)
		case float64:
			buf = binary.NativeEndian.AppendUint64(append(buf, 2), math.Float64bits(v))
		case string:
			if len(v) > math.MaxInt32 {
				return buf, false
			}
			buf = append(binary.NativeEndian.AppendUint32(append(buf, 3), uint32(len(v))), v...)
		case []byte:
			if v == nil {
				buf = append(buf, 5)
			} else if len(v) > math.MaxInt32 {
				return buf, false
			} else {
				buf = append(binary.NativeEndian.AppendUint32(append(buf, 4), uint32(len(v))), v...)
			}
		default:
			return buf, false
		}
	}
	return buf, true
}

// writerHandle is the sqlite3* under conn.
func writerHandle(conn *sql.Conn) (unsafe.Pointer, error) {
	var db unsafe.Pointer
	err := conn.Raw(func(dc any) error {
		sc, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return errors.New("sqlite: unexpected connection type")
		}
		var err error
		db, err = connHandle(sc)
		return err
	})
	return db, err
}

// connHandle is the sqlite3* of a go-sqlite3 connection, which it keeps
// unexported (its db field).
func connHandle(sc *sqlite3.SQLiteConn) (unsafe.Pointer, error) {
	f := reflect.ValueOf(sc).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil, errors.New("sqlite: the connection has no SQLite handle")
	}
	return f.UnsafePointer(), nil
}

// Bulk writes on one go-sqlite3 connection as the driver writes its
// internal rows: each statement's values bound in one call into C. The
// benchmark's floors write with it, so that they pay for their rows what
// the apply engine pays.
type Bulk struct{ c *cstmts }

// NewBulk prepares to write on sc; Close drops its statements.
func NewBulk(sc *sqlite3.SQLiteConn) (*Bulk, error) {
	db, err := connHandle(sc)
	if err != nil {
		return nil, err
	}
	return &Bulk{c: newCStmts(db)}, nil
}

// Exec runs query with args, values of the kinds Tx.ExecInternal binds
// in one call.
func (b *Bulk) Exec(query string, args []any) error {
	if _, ok := b.c.exec(query, args); !ok {
		return fmt.Errorf("sqlite: %.80s: refused (a value of another kind, or SQLite's error)", query)
	}
	return nil
}

// Close finalizes the statements.
func (b *Bulk) Close() { b.c.finalize() }
