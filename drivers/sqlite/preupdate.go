//go:build sqlite_preupdate_hook

package sqlite

/*
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

// The SQLite go-sqlite3 links into the binary, built with its
// preupdate hook (the sqlite_preupdate_hook tag). Only what the hook
// calls is declared; the types stay opaque.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_value sqlite3_value;
typedef long long sqlite3_int64;
void *sqlite3_preupdate_hook(sqlite3 *db,
	void (*xPreUpdate)(void *, sqlite3 *, int, char const *, char const *, sqlite3_int64, sqlite3_int64), void *);
int sqlite3_preupdate_count(sqlite3 *);
int sqlite3_preupdate_old(sqlite3 *, int, sqlite3_value **);
int sqlite3_preupdate_new(sqlite3 *, int, sqlite3_value **);
int sqlite3_value_type(sqlite3_value *);
sqlite3_int64 sqlite3_value_int64(sqlite3_value *);
double sqlite3_value_double(sqlite3_value *);
const void *sqlite3_value_blob(sqlite3_value *);
const unsigned char *sqlite3_value_text(sqlite3_value *);
int sqlite3_value_bytes(sqlite3_value *);

// bsql_hook is what the hook appends each captured change to, in the
// form hookChanges decodes: the operation (1 INSERT, 2 DELETE, 3 UPDATE as
// rowhook.go numbers them), the table's name, the column count, then the
// row before (not for an INSERT) and after (not for a DELETE), each value
// a tag (SQLite's type, or 0 for a value SQLite could not hand over,
// with its code) and its bytes.
typedef struct {
	unsigned char *buf;
	size_t len, cap;
	int on;
	int failed; // an allocation failed: the capture is lost
	char *skip;  // the prefix of the engine's own tables
	size_t skipLen;
} bsql_hook;

static int bsql_grow(bsql_hook *h, size_t n) {
	if (h->failed) {
		return 0;
	}
	if (h->len + n <= h->cap) {
		return 1;
	}
	size_t cap = h->cap ? h->cap : 4096;
	while (cap < h->len + n) {
		cap *= 2;
	}
	unsigned char *b = realloc(h->buf, cap);
	if (!b) {
		h->failed = 1;
		return 0;
	}
	h->buf = b;
	h->cap = cap;
	return 1;
}

static void bsql_put(bsql_hook *h, const void *p, size_t n) {
	if (bsql_grow(h, n)) {
		memcpy(h->buf + h->len, p, n);
		h->len += n;
	}
}

static void bsql_u32(bsql_hook *h, uint32_t v) { bsql_put(h, &v, 4); }

static void bsql_row(bsql_hook *h, sqlite3 *db, int n, int after) {
	for (int i = 0; i < n; i++) {
		sqlite3_value *v = 0;
		int rc = after ? sqlite3_preupdate_new(db, i, &v) : sqlite3_preupdate_old(db, i, &v);
		if (rc != 0) {
			unsigned char tag = 0;
			bsql_put(h, &tag, 1);
			bsql_u32(h, (uint32_t)rc);
			continue;
		}
		unsigned char tag = (unsigned char)sqlite3_value_type(v);
		bsql_put(h, &tag, 1);
		switch (tag) {
		case 1: { // SQLITE_INTEGER
			sqlite3_int64 x = sqlite3_value_int64(v);
			bsql_put(h, &x, 8);
			break;
		}
		case 2: { // SQLITE_FLOAT
			double x = sqlite3_value_double(v);
			bsql_put(h, &x, 8);
			break;
		}
		case 3: { // SQLITE_TEXT
			const unsigned char *p = sqlite3_value_text(v);
			int len = sqlite3_value_bytes(v);
			bsql_u32(h, (uint32_t)len);
			bsql_put(h, p, (size_t)len);
			break;
		}
		case 4: { // SQLITE_BLOB
			const void *p = sqlite3_value_blob(v);
			int len = sqlite3_value_bytes(v);
			bsql_u32(h, (uint32_t)len);
			if (len > 0) {
				bsql_put(h, p, (size_t)len);
			}
			break;
		}
		}
	}
}

static void bsql_preupdate(void *ctx, sqlite3 *db, int op, char const *zDb, char const *zName,
	sqlite3_int64 k1, sqlite3_int64 k2) {
	bsql_hook *h = ctx;
	if (!h->on || strcmp(zDb, "main") != 0 || strncmp(zName, h->skip, h->skipLen) == 0 ||
		strncmp(zName, "sqlite_", 7) == 0) {
		return;
	}
	unsigned char code = op == 18 ? 1 : op == 9 ? 2 : 3; // SQLITE_INSERT, SQLITE_DELETE, SQLITE_UPDATE
	int n = sqlite3_preupdate_count(db);
	size_t nameLen = strlen(zName);
	bsql_put(h, &code, 1);
	bsql_u32(h, (uint32_t)nameLen);
	bsql_put(h, zName, nameLen);
	bsql_u32(h, (uint32_t)n);
	if (code != 1) {
		bsql_row(h, db, n, 0);
	}
	if (code != 2) {
		bsql_row(h, db, n, 1);
	}
}

static bsql_hook *bsql_hook_new(const char *skip) {
	bsql_hook *h = calloc(1, sizeof(bsql_hook));
	if (!h) {
		return 0;
	}
	h->skip = strdup(skip);
	if (!h->skip) {
		free(h);
		return 0;
	}
	h->skipLen = strlen(skip);
	return h;
}

static void bsql_hook_register(sqlite3 *db, bsql_hook *h) { sqlite3_preupdate_hook(db, bsql_preupdate, h); }

static void bsql_hook_free(bsql_hook *h) {
	free(h->buf);
	free(h->skip);
	free(h);
}

// bsql_hook_shrink gives back a buffer a large statement grew.
static void bsql_hook_shrink(bsql_hook *h) {
	if (h->cap > (16 << 20)) {
		free(h->buf);
		h->buf = 0;
		h->cap = 0;
	}
}
*/
import "C"

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/mattn/go-sqlite3"

	"github.com/blocksql/blocksql/drivers"
)

// registerRowHook installs the pre-update hook on the writer connection
// (db, its SQLite handle: writerHandle).
// The hook is C (above): it copies each captured change's rows into a
// buffer as SQLite reports them, and the driver decodes the buffer once
// per statement (hookChanges). go-sqlite3's own hook calls into Go for
// each row and out to C again for each value, ~2 µs a row in a restore's
// profile.
func registerRowHook(db unsafe.Pointer) (*rowHook, error) {
	skip := C.CString(drivers.Schema + ".")
	defer C.free(unsafe.Pointer(skip))
	c := C.bsql_hook_new(skip)
	if c == nil {
		return nil, errors.New("sqlite row capture: out of memory")
	}
	C.bsql_hook_register((*C.sqlite3)(db), c)
	return &rowHook{c: hookBuffer{c}}, nil
}

// hookBuffer is the C hook's state (nil in a rowHook without one).
type hookBuffer struct{ c *C.bsql_hook }

func (b hookBuffer) setOn(on bool) {
	if on {
		b.c.on = 1
	} else {
		b.c.on = 0
	}
}

// size is the buffer's length: a mark forget cuts back to.
func (b hookBuffer) size() int { return int(b.c.len) }

// cut drops what the hook appended since size gave n.
func (b hookBuffer) cut(n int) {
	if int(b.c.len) > n {
		b.c.len = C.size_t(n)
	}
}

// take decodes and empties the buffer.
func (b hookBuffer) take() ([]rawChange, error) {
	defer func() {
		b.c.len, b.c.failed = 0, 0
		C.bsql_hook_shrink(b.c)
	}()
	if b.c.failed != 0 {
		return nil, errors.New("sqlite row capture: out of memory")
	}
	if b.c.len == 0 {
		return nil, nil
	}
	return hookChanges(C.GoBytes(unsafe.Pointer(b.c.buf), C.int(b.c.len)))
}

func (b hookBuffer) free() { C.bsql_hook_free(b.c) }

// hookChanges decodes the C hook's buffer. Values come out as go-sqlite3
// hands them over: INTEGER int64, REAL float64, TEXT and BLOB []byte,
// NULL nil; the byte values share buf.
func hookChanges(buf []byte) ([]rawChange, error) {
	var out []rawChange
	d := hookDecoder{buf: buf}
	for len(d.buf) > 0 {
		op := [...]string{1: drivers.OpInsert, 2: drivers.OpDelete, 3: drivers.OpUpdate}[d.byte()]
		c := rawChange{op: op, table: string(d.bytes(int(d.u32())))}
		n := int(d.u32())
		if op != drivers.OpInsert {
			c.before, c.err = d.row(n)
		}
		if op != drivers.OpDelete {
			var err error
			c.after, err = d.row(n)
			c.err = errors.Join(c.err, err)
		}
		if d.short {
			return nil, errors.New("sqlite row capture: a truncated record")
		}
		out = append(out, c)
	}
	return out, nil
}

type hookDecoder struct {
	buf   []byte
	short bool
}

func (d *hookDecoder) bytes(n int) []byte {
	if n > len(d.buf) {
		d.short, d.buf = true, nil
		return nil
	}
	b := d.buf[:n:n]
	d.buf = d.buf[n:]
	return b
}

func (d *hookDecoder) byte() byte {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *hookDecoder) u32() uint32 {
	if b := d.bytes(4); b != nil {
		return binary.NativeEndian.Uint32(b)
	}
	return 0
}

func (d *hookDecoder) u64() uint64 {
	if b := d.bytes(8); b != nil {
		return binary.NativeEndian.Uint64(b)
	}
	return 0
}

func (d *hookDecoder) row(n int) ([]any, error) {
	row := make([]any, n)
	var err error
	for i := range row {
		switch d.byte() {
		case 0:
			err = errors.Join(err, fmt.Errorf("column %d: %w", i, sqlite3.ErrNo(d.u32())))
		case 1: // SQLITE_INTEGER
			row[i] = int64(d.u64())
		case 2: // SQLITE_FLOAT
			row[i] = math.Float64frombits(d.u64())
		case 3, 4: // SQLITE_TEXT, SQLITE_BLOB
			row[i] = d.bytes(int(d.u32()))
		default: // SQLITE_NULL
		}
	}
	return row, err
}
