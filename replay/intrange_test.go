package replay_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// intRangeWorkload writes integers past 64 bits and computes past BIGINT's
// range; each statement is one transaction with the error code MariaDB
// answers (0: it succeeds).
var intRangeWorkload = []struct {
	sql  string
	code uint16
}{
	{"CREATE TABLE t (id INT PRIMARY KEY, v BIGINT, ub BIGINT UNSIGNED, i INT)", 0},
	{"INSERT INTO t VALUES (1, 4000000000, 3, 7), (2, -9223372036854775808, 0, 1)", 0},
	{"INSERT INTO t (id, ub) VALUES (3, 18446744073709551616)", 1264},
	{"INSERT INTO t (id, v) VALUES (3, -99999999999999999999)", 1264},
	{"INSERT INTO t (id, i) VALUES (3, 18446744073709551616)", 1264},
	{"INSERT INTO t (id, i) VALUES (18446744073709551616, 1)", 1264},
	{"UPDATE t SET v = 18446744073709551616 WHERE id = 1", 1264},
	{"INSERT INTO t (id) VALUES (1) ON DUPLICATE KEY UPDATE ub = 99999999999999999999", 1264},
	{"DELETE FROM t WHERE v * v > 12345678901234567.89", 1690},
	{"UPDATE t SET v = v + 9223372036854775807 WHERE id = 1", 1690},
	{"UPDATE t SET v = v - 1 WHERE id = 2", 1690},
	{"UPDATE t SET i = ub - 4 WHERE id = 1", 1690},
	{"UPDATE t SET v = 9223372036854775807 * 3 WHERE id = 1", 1690},
	{"DELETE FROM t WHERE ub DIV -0.5 < 0", 1690},
	{"UPDATE t SET v = v * 2, i = i + 1, ub = ub - 3 WHERE id = 1", 0},
	{"UPDATE t SET v = -v - 1, i = i DIV 2 WHERE id = 1", 0},
	{"DELETE FROM t WHERE v + 1 < 0 AND id = 2", 0},
}

// TestIntRangeBackendsAgree applies integer writes past BIGINT's range to
// SQLite and MariaDB: each statement fails with MariaDB's error (1264 for
// a literal past 64 bits, 1690 for arithmetic out of range) on both, or
// succeeds on both, with the same AppHashes and state digest.
func TestIntRangeBackendsAgree(t *testing.T) {
	maria := openMariaDB(t)
	c := newChain(t)
	blocks := []consensus.Block{c.block(c.tx("", "CREATE DATABASE n"))}
	for _, s := range intRangeWorkload {
		blocks = append(blocks, c.block(c.tx("n", s.sql)))
	}
	engines := map[string]*replay.Engine{
		"sqlite":  newEngine(t, openSQLite(t, filepath.Join(t.TempDir(), "a.db"))),
		"mariadb": newEngine(t, maria),
	}
	hashes := map[string][]string{}
	for name, e := range engines {
		for i, blk := range blocks {
			res, h, err := e.ApplyBlock(context.Background(), blk)
			if err != nil {
				t.Fatalf("%s block %d: %v", name, blk.Height, err)
			}
			hashes[name] = append(hashes[name], fmt.Sprintf("%x", h))
			if i == 0 {
				continue
			}
			s := intRangeWorkload[i-1]
			if got := res[0].Statements[0]; got.Code != s.code {
				t.Errorf("%s: %s: error %d %s, want %d", name, s.sql, got.Code, got.Message, s.code)
			}
		}
	}
	for i := range blocks {
		if hashes["sqlite"][i] != hashes["mariadb"][i] {
			t.Fatalf("block %d: AppHash differs", blocks[i].Height)
		}
	}
	if da, db := digest(t, engines["sqlite"]), digest(t, engines["mariadb"]); da.Hash != db.Hash {
		t.Errorf("state digests differ:\nsqlite  %+v\nmariadb %+v", da.Tables, db.Tables)
	}
}
