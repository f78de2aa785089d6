package replay_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers/driverstest"
	"github.com/blocksql/blocksql/replay"
)

// TestPreparedAheadChangesNothing: blocks a restore readied ahead (decoded,
// parsed, INSERTs bound: RAND, UUID and NOW pinned for their transaction's
// place in the block, parameters bound and rendered for the log) apply to
// the same results, AppHashes, rows and operation log as blocks the engine
// reads itself, including a transaction repeated in its block and a
// statement that fails to bind.
func TestPreparedAheadChangesNothing(t *testing.T) {
	c := newChain(t)
	blocks := insertRunBlocks(c)
	pinned := func(v int) []byte {
		return c.tx("s", fmt.Sprintf("INSERT INTO r (v, x, u, at) VALUES (%d, RAND(), UUID(), NOW())", v),
			fmt.Sprintf("INSERT INTO r (v, x, u, at) VALUES (%d, RAND(), UUID(), NOW(6))", v+1))
	}
	withParams := func(vals ...int64) []byte {
		c.nonce++
		tx := &consensus.Tx{Database: "s", User: "alice", ClientAddr: "127.0.0.1:5000", Nonce: c.nonce}
		for i := 0; i+1 < len(vals); i += 2 {
			q := "INSERT INTO r (v, x) VALUES (?, ?)"
			params := []consensus.Value{{Kind: consensus.KindInt, Int: vals[i]}, {Kind: consensus.KindFloat, Float: float64(vals[i+1]) / 4}}
			tx.Statements = append(tx.Statements, consensus.Statement{SQL: q, Canonical: q, Params: params})
		}
		if len(vals)%2 == 1 { // one parameter short: fails to bind (1210)
			q := "INSERT INTO r (v, x) VALUES (?, ?)"
			tx.Statements = append(tx.Statements, consensus.Statement{SQL: q, Canonical: q,
				Params: []consensus.Value{{Kind: consensus.KindInt, Int: vals[len(vals)-1]}}})
		}
		tx.Sign(c.key)
		return tx.Marshal()
	}
	twice := pinned(500)
	// A group's statements are bound in their own sessions' context: the
	// group has no database or user of its own.
	grouped := c.group(member{"s", "alice", "INSERT INTO r (v, u) VALUES (900, USER())"},
		member{"", "bob", "INSERT INTO s.r (v, u) VALUES (901, CONCAT(USER(), '@', COALESCE(DATABASE(), 'none')))"},
		member{"s", "carol", "INSERT INTO s.r (v, u, x) VALUES (902, DATABASE(), RAND())"})
	blocks = append(blocks,
		c.block(c.tx("s", "CREATE TABLE r (id INT AUTO_INCREMENT PRIMARY KEY, v INT UNIQUE, x DOUBLE, u CHAR(36), at DATETIME(6))")),
		c.block(pinned(100), pinned(200), twice, withParams(300, 1, 301, 2), twice, pinned(400)),
		c.block(withParams(600, 3, 601), pinned(700), withParams(800, 5, 801, 6)),
		c.block(pinned(1000), grouped))

	apply := func(ahead int) (results, hashes []string, e *replay.Engine) {
		e = newEngine(t, hookedSQLite(t))
		for i, b := range blocks {
			if ahead > 0 && i == 0 {
				for k := 0; k < ahead && k < len(blocks); k++ {
					e.Prepare(&blocks[k])
				}
			} else if ahead > 0 && i+ahead-1 < len(blocks) {
				e.Prepare(&blocks[i+ahead-1])
			}
			res, h, err := e.ApplyBlock(context.Background(), b)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				results = append(results, resultText(r))
			}
			hashes = append(hashes, fmt.Sprintf("%x", h))
		}
		return results, hashes, e
	}
	logOf := func(e *replay.Engine) string {
		return strings.Join(driverstest.QueryInternal(t, e.Driver(), "SELECT height, stmt_index, params, applied_sql, tables_touched, "+
			"outcome, error_code, last_insert_id FROM "+e.Driver().Internal("statements")+" ORDER BY height, tx_hash, stmt_index"), "\n")
	}
	wantRes, wantHashes, alone := apply(0)
	for _, ahead := range []int{1, 3} {
		res, hashes, e := apply(ahead)
		if strings.Join(res, "\n") != strings.Join(wantRes, "\n") {
			t.Errorf("%d blocks ahead: results\n%s\nwant\n%s", ahead, strings.Join(res, "\n"), strings.Join(wantRes, "\n"))
		}
		for i := range hashes {
			if hashes[i] != wantHashes[i] {
				t.Errorf("%d blocks ahead: block %d AppHash %s, want %s", ahead, i+1, hashes[i], wantHashes[i])
			}
		}
		if got, want := digest(t, e).Hash, digest(t, alone).Hash; got != want {
			t.Errorf("%d blocks ahead: state digest %s, want %s", ahead, got, want)
		}
		if got, want := logOf(e), logOf(alone); got != want {
			t.Errorf("%d blocks ahead: operation log\n%s\nwant\n%s", ahead, got, want)
		}
	}
	if !strings.Contains(strings.Join(wantRes, " "), "1180") || !strings.Contains(strings.Join(wantRes, " "), "1210") {
		t.Fatalf("the chain lacks a repeated transaction or a statement that fails to bind: %v", wantRes)
	}
	got, err := driverstest.Query(t, alone.Driver(), "SELECT v, u FROM s.r WHERE v BETWEEN 900 AND 999 ORDER BY v")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"900|alice@%", "901|bob@%@none", "902|s"}; strings.Join(got, ";") != strings.Join(want, ";") {
		t.Errorf("grouped rows %q, want %q", got, want)
	}
}
