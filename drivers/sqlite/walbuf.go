package sqlite

/*
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

// SQLite's VFS interface (sqlite3.h, "OS Interface Object"), declared here
// as the SQLite go-sqlite3 links into the binary defines it: version 3 of
// both structures.
typedef long long sqlite3_int64;
typedef struct sqlite3_file sqlite3_file;
typedef struct sqlite3_io_methods sqlite3_io_methods;
struct sqlite3_file {
	const sqlite3_io_methods *pMethods;
};
struct sqlite3_io_methods {
	int iVersion;
	int (*xClose)(sqlite3_file *);
	int (*xRead)(sqlite3_file *, void *, int, sqlite3_int64);
	int (*xWrite)(sqlite3_file *, const void *, int, sqlite3_int64);
	int (*xTruncate)(sqlite3_file *, sqlite3_int64);
	int (*xSync)(sqlite3_file *, int);
	int (*xFileSize)(sqlite3_file *, sqlite3_int64 *);
	int (*xLock)(sqlite3_file *, int);
	int (*xUnlock)(sqlite3_file *, int);
	int (*xCheckReservedLock)(sqlite3_file *, int *);
	int (*xFileControl)(sqlite3_file *, int, void *);
	int (*xSectorSize)(sqlite3_file *);
	int (*xDeviceCharacteristics)(sqlite3_file *);
	int (*xShmMap)(sqlite3_file *, int, int, int, void volatile **);
	int (*xShmLock)(sqlite3_file *, int, int, int);
	void (*xShmBarrier)(sqlite3_file *);
	int (*xShmUnmap)(sqlite3_file *, int);
	int (*xFetch)(sqlite3_file *, sqlite3_int64, int, void **);
	int (*xUnfetch)(sqlite3_file *, sqlite3_int64, void *);
};
typedef struct sqlite3_vfs sqlite3_vfs;
struct sqlite3_vfs {
	int iVersion;
	int szOsFile;
	int mxPathname;
	sqlite3_vfs *pNext;
	const char *zName;
	void *pAppData;
	int (*xOpen)(sqlite3_vfs *, const char *, sqlite3_file *, int, int *);
	void *rest[15]; // xDelete … xNextSystemCall: the default VFS's
};
sqlite3_vfs *sqlite3_vfs_find(const char *);
int sqlite3_vfs_register(sqlite3_vfs *, int);

#define BW_OK 0
#define BW_OPEN_WAL 0x00080000 // SQLITE_OPEN_WAL
#define BW_FRAME_HDR 24 // WAL_FRAME_HDRSIZE
#define BW_MAX (8 << 20)
// The default VFS writes at most 0x1ffff bytes in one call (seekAndWriteFd
// masks the length): a buffer goes to it in pieces of 120 KiB.
#define BW_CHUNK (120 << 10)

// bw_file is a WAL file opened through the buffering VFS: the default
// VFS's file (real, in the memory that follows) and the bytes written to
// it and not yet handed over, buf[0:len) for file offsets [off, off+len).
typedef struct bw_file {
	sqlite3_file base;
	sqlite3_file *real;
	pthread_mutex_t mu;
	unsigned char *buf;
	size_t len, cap;
	sqlite3_int64 off;
	int flushAfterNext; // the commit frame's header was written: its page ends the commit
	int err;            // a failed write SQLite was not told of: told at the next call
	struct bw_file *next, *prev;
} bw_file;

static sqlite3_vfs *bw_real;
static sqlite3_vfs bw_vfs;
static pthread_mutex_t bw_all_mu = PTHREAD_MUTEX_INITIALIZER;
static bw_file *bw_all;
static unsigned long long bw_handed; // writes handed to the default VFS, for tests

static int bw_real_write(bw_file *w, const void *data, int size, sqlite3_int64 at) {
	__atomic_add_fetch(&bw_handed, 1, __ATOMIC_RELAXED);
	return w->real->pMethods->xWrite(w->real, data, size, at);
}

// bsql_walbuf_stats reports the writes handed to the default VFS so far
// and the bytes every WAL file holds in memory now.
static void bsql_walbuf_stats(unsigned long long *handed, unsigned long long *held) {
	*handed = __atomic_load_n(&bw_handed, __ATOMIC_RELAXED);
	*held = 0;
	pthread_mutex_lock(&bw_all_mu);
	for (bw_file *p = bw_all; p; p = p->next) {
		pthread_mutex_lock(&p->mu);
		*held += p->len;
		pthread_mutex_unlock(&p->mu);
	}
	pthread_mutex_unlock(&bw_all_mu);
}

// bw_hand_over hands the buffered bytes to the default VFS; a failure is
// kept in p->err until a call can tell SQLite. p->mu held.
static void bw_hand_over(bw_file *p) {
	if (p->len == 0) {
		return;
	}
	int rc = BW_OK;
	for (size_t at = 0; at < p->len && rc == BW_OK; at += BW_CHUNK) {
		size_t n = p->len - at < BW_CHUNK ? p->len - at : BW_CHUNK;
		rc = bw_real_write(p, p->buf + at, (int)n, p->off + (sqlite3_int64)at);
	}
	p->len = 0;
	if (rc != BW_OK && p->err == BW_OK) {
		p->err = rc;
	}
}

// bw_flush_locked hands the buffered bytes over and returns what SQLite is
// to be told: this write's failure, or an earlier one no call could report.
static int bw_flush_locked(bw_file *p) {
	bw_hand_over(p);
	int rc = p->err;
	p->err = BW_OK;
	return rc;
}

static int bw_flush(bw_file *p) {
	pthread_mutex_lock(&p->mu);
	int rc = bw_flush_locked(p);
	pthread_mutex_unlock(&p->mu);
	return rc;
}

// bw_flush_all hands over every WAL file's buffered bytes: called before
// any connection reads or publishes the WAL index (SQLite's shared-memory
// calls), so no connection ever sees a frame the file does not hold yet.
static void bw_flush_all(void) {
	pthread_mutex_lock(&bw_all_mu);
	for (bw_file *p = bw_all; p; p = p->next) {
		pthread_mutex_lock(&p->mu);
		bw_hand_over(p);
		pthread_mutex_unlock(&p->mu);
	}
	pthread_mutex_unlock(&bw_all_mu);
}

static int bw_write(sqlite3_file *f, const void *z, int n, sqlite3_int64 off) {
	bw_file *p = (bw_file *)f;
	int rc = BW_OK;
	pthread_mutex_lock(&p->mu);
	if (p->err != BW_OK) {
		rc = p->err;
		p->err = BW_OK;
		goto out;
	}
	if (p->len > 0 && (off != p->off + (sqlite3_int64)p->len || p->len + (size_t)n > BW_MAX)) {
		if ((rc = bw_flush_locked(p)) != BW_OK) {
			goto out;
		}
	}
	if ((size_t)n > BW_CHUNK) { // never a WAL frame's page (at most 64 KiB)
		p->flushAfterNext = 0;
		if ((rc = bw_flush_locked(p)) == BW_OK) {
			rc = bw_real_write(p, z, n, off);
		}
		goto out;
	}
	if (p->len + (size_t)n > p->cap) {
		size_t c = p->cap ? p->cap : 64 << 10;
		while (c < p->len + (size_t)n) {
			c *= 2;
		}
		unsigned char *b = realloc(p->buf, c);
		if (!b) {
			p->flushAfterNext = 0;
			if ((rc = bw_flush_locked(p)) == BW_OK) {
				rc = bw_real_write(p, z, n, off);
			}
			goto out;
		}
		p->buf = b;
		p->cap = c;
	}
	if (p->len == 0) {
		p->off = off;
	}
	memcpy(p->buf + p->len, z, (size_t)n);
	p->len += (size_t)n;
	if (p->flushAfterNext) {
		// The commit frame's page: the transaction's frames go to the
		// file here, where a failure fails the COMMIT.
		p->flushAfterNext = 0;
		rc = bw_flush_locked(p);
	} else if (n == BW_FRAME_HDR && off >= 32) {
		const unsigned char *h = z;
		p->flushAfterNext = (h[4] | h[5] | h[6] | h[7]) != 0; // a commit frame's database size
	}
out:
	pthread_mutex_unlock(&p->mu);
	return rc;
}

static int bw_close(sqlite3_file *f) {
	bw_file *p = (bw_file *)f;
	pthread_mutex_lock(&bw_all_mu);
	if (p->prev) {
		p->prev->next = p->next;
	} else if (bw_all == p) {
		bw_all = p->next;
	}
	if (p->next) {
		p->next->prev = p->prev;
	}
	pthread_mutex_unlock(&bw_all_mu);
	int rc = bw_flush(p);
	int rc2 = p->real->pMethods->xClose(p->real);
	free(p->buf);
	pthread_mutex_destroy(&p->mu);
	return rc != BW_OK ? rc : rc2;
}

// Every other call first hands the buffered bytes over, so it finds the
// file as the default VFS would.
#define BW_FLUSHED(call) \
	bw_file *p = (bw_file *)f; \
	int rc = bw_flush(p); \
	if (rc != BW_OK) return rc; \
	return call;

static int bw_read(sqlite3_file *f, void *z, int n, sqlite3_int64 off) {
	BW_FLUSHED(p->real->pMethods->xRead(p->real, z, n, off))
}
static int bw_truncate(sqlite3_file *f, sqlite3_int64 size) {
	BW_FLUSHED(p->real->pMethods->xTruncate(p->real, size))
}
static int bw_sync(sqlite3_file *f, int flags) {
	BW_FLUSHED(p->real->pMethods->xSync(p->real, flags))
}
static int bw_file_size(sqlite3_file *f, sqlite3_int64 *size) {
	BW_FLUSHED(p->real->pMethods->xFileSize(p->real, size))
}
static int bw_lock(sqlite3_file *f, int l) {
	BW_FLUSHED(p->real->pMethods->xLock(p->real, l))
}
static int bw_unlock(sqlite3_file *f, int l) {
	BW_FLUSHED(p->real->pMethods->xUnlock(p->real, l))
}
static int bw_check_reserved(sqlite3_file *f, int *out) {
	BW_FLUSHED(p->real->pMethods->xCheckReservedLock(p->real, out))
}
static int bw_file_control(sqlite3_file *f, int op, void *arg) {
	BW_FLUSHED(p->real->pMethods->xFileControl(p->real, op, arg))
}
static int bw_sector_size(sqlite3_file *f) {
	bw_file *p = (bw_file *)f;
	return p->real->pMethods->xSectorSize(p->real);
}
static int bw_device(sqlite3_file *f) {
	bw_file *p = (bw_file *)f;
	return p->real->pMethods->xDeviceCharacteristics(p->real);
}
static int bw_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp) {
	*pp = 0; // a WAL file is never mapped: SQLite reads it
	return bw_flush((bw_file *)f);
}
static int bw_unfetch(sqlite3_file *f, sqlite3_int64 off, void *ptr) {
	return BW_OK;
}

static const sqlite3_io_methods bw_methods = {
	1, bw_close, bw_read, bw_write, bw_truncate, bw_sync, bw_file_size, bw_lock, bw_unlock,
	bw_check_reserved, bw_file_control, bw_sector_size, bw_device,
};

// A database file keeps the default VFS's file, methods included, except
// that its shared-memory calls (the WAL index, which SQLite reads and
// publishes through them) first hand every WAL file's bytes over.
typedef struct bw_db {
	sqlite3_file base;
	sqlite3_file *real;
	sqlite3_io_methods methods;
} bw_db;

#define BW_DB(call) \
	bw_db *d = (bw_db *)f; \
	return d->real->pMethods->call;

static int bwd_close(sqlite3_file *f) { BW_DB(xClose(d->real)) }
static int bwd_read(sqlite3_file *f, void *z, int n, sqlite3_int64 off) { BW_DB(xRead(d->real, z, n, off)) }
static int bwd_write(sqlite3_file *f, const void *z, int n, sqlite3_int64 off) { BW_DB(xWrite(d->real, z, n, off)) }
static int bwd_truncate(sqlite3_file *f, sqlite3_int64 size) { BW_DB(xTruncate(d->real, size)) }
static int bwd_sync(sqlite3_file *f, int flags) { BW_DB(xSync(d->real, flags)) }
static int bwd_file_size(sqlite3_file *f, sqlite3_int64 *size) { BW_DB(xFileSize(d->real, size)) }
static int bwd_lock(sqlite3_file *f, int l) { BW_DB(xLock(d->real, l)) }
static int bwd_unlock(sqlite3_file *f, int l) { BW_DB(xUnlock(d->real, l)) }
static int bwd_check_reserved(sqlite3_file *f, int *out) { BW_DB(xCheckReservedLock(d->real, out)) }
static int bwd_file_control(sqlite3_file *f, int op, void *arg) { BW_DB(xFileControl(d->real, op, arg)) }
static int bwd_sector_size(sqlite3_file *f) { BW_DB(xSectorSize(d->real)) }
static int bwd_device(sqlite3_file *f) { BW_DB(xDeviceCharacteristics(d->real)) }
static int bwd_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp) {
	bw_flush_all();
	BW_DB(xShmMap(d->real, pg, sz, extend, pp))
}
static int bwd_shm_lock(sqlite3_file *f, int offset, int n, int flags) {
	bw_flush_all();
	BW_DB(xShmLock(d->real, offset, n, flags))
}
static void bwd_shm_barrier(sqlite3_file *f) {
	bw_flush_all();
	bw_db *d = (bw_db *)f;
	d->real->pMethods->xShmBarrier(d->real);
}
static int bwd_shm_unmap(sqlite3_file *f, int del) {
	bw_flush_all();
	BW_DB(xShmUnmap(d->real, del))
}
static int bwd_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp) { BW_DB(xFetch(d->real, off, n, pp)) }
static int bwd_unfetch(sqlite3_file *f, sqlite3_int64 off, void *ptr) { BW_DB(xUnfetch(d->real, off, ptr)) }

static int bw_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out) {
	int wal = (flags & BW_OPEN_WAL) != 0;
	size_t head = wal ? sizeof(bw_file) : sizeof(bw_db);
	sqlite3_file *real = (sqlite3_file *)((char *)f + head);
	memset(f, 0, head);
	int rc = bw_real->xOpen(bw_real, name, real, flags, out);
	if (real->pMethods == 0) {
		f->pMethods = 0;
		return rc;
	}
	if (!wal) {
		bw_db *d = (bw_db *)f;
		d->real = real;
		const sqlite3_io_methods *m = real->pMethods;
		d->methods = (sqlite3_io_methods){m->iVersion, bwd_close, bwd_read, bwd_write, bwd_truncate, bwd_sync,
			bwd_file_size, bwd_lock, bwd_unlock, bwd_check_reserved, bwd_file_control, bwd_sector_size, bwd_device,
			bwd_shm_map, bwd_shm_lock, bwd_shm_barrier, bwd_shm_unmap, bwd_fetch, bwd_unfetch};
		f->pMethods = &d->methods;
		return rc;
	}
	bw_file *p = (bw_file *)f;
	p->real = real;
	pthread_mutex_init(&p->mu, 0);
	f->pMethods = &bw_methods;
	if (rc == BW_OK) {
		pthread_mutex_lock(&bw_all_mu);
		p->next = bw_all;
		if (bw_all) {
			bw_all->prev = p;
		}
		bw_all = p;
		pthread_mutex_unlock(&bw_all_mu);
	}
	return rc;
}

// bsql_walbuf_register makes the buffering VFS SQLite's default: the
// default VFS with each WAL file's writes gathered (see walbuf.go).
static int bsql_walbuf_register(void) {
	bw_real = sqlite3_vfs_find(0);
	if (!bw_real) {
		return 1;
	}
	bw_vfs = *bw_real;
	bw_vfs.pNext = 0;
	bw_vfs.zName = "blocksql-walbuf";
	size_t head = sizeof(bw_file) > sizeof(bw_db) ? sizeof(bw_file) : sizeof(bw_db);
	bw_vfs.szOsFile = (int)head + bw_real->szOsFile;
	bw_vfs.xOpen = bw_open;
	return sqlite3_vfs_register(&bw_vfs, 1);
}
*/
import "C"

import "fmt"

// walBufStats is bsql_walbuf_stats: the writes the WAL-buffering VFS has
// handed to the default VFS, and the bytes it holds now.
func walBufStats() (handed, held uint64) {
	var h, b C.ulonglong
	C.bsql_walbuf_stats(&h, &b)
	return uint64(h), uint64(b)
}

// registerWALBuffer makes SQLite's default VFS the default one with the
// writes to each WAL file gathered in memory and handed to the file in one
// write where SQLite makes several in a row.
//
// SQLite writes a WAL frame as two writes, its 24-byte header then the
// page, so a local COMMIT of a block's ~80 dirty pages made ~160 pwrite
// calls; on the VMs blocksql runs on each costs 3–4 µs of system time
// whatever its size (a C loop writing 83 frames: 650 µs split, 58 µs as one
// write). Through this VFS the frames of a transaction are written at once:
// when SQLite writes the commit frame's page (so a failed write fails the
// COMMIT, and the transaction is in the file before COMMIT returns, as
// before: a killed process loses nothing it acknowledged), and before any
// call that reads the file, syncs it, or asks its size. Every
// shared-memory call of any connection (the WAL index, through which a
// reader or checkpointer learns which frames exist) first hands every WAL
// file's bytes over, so no connection reads a frame that is not in the
// file. Database files, journals and temporary files are the default VFS's
// own.
func registerWALBuffer() error {
	if rc := C.bsql_walbuf_register(); rc != 0 {
		return fmt.Errorf("sqlite: registering the WAL-buffering VFS: code %d", int(rc))
	}
	return nil
}
