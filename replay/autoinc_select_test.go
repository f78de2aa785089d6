package replay_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
)

// TestInsertSelectAutoIncrement: INSERT ... SELECT into an AUTO_INCREMENT
// table numbers the rows in the SELECT's ORDER BY over a unique key, the
// same on SQLite and MariaDB; without such an order it is refused.
func TestInsertSelectAutoIncrement(t *testing.T) {
	c := newChain(t)
	blocks := []consensus.Block{
		c.block(c.tx("", "CREATE DATABASE app")),
		c.block(c.tx("app", "CREATE TABLE src (id INT PRIMARY KEY, name VARCHAR(8))",
			"INSERT INTO src VALUES (3, 'c'), (1, 'a'), (2, 'b'), (5, 'e')",
			"CREATE TABLE dst (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(8), at DATETIME DEFAULT CURRENT_TIMESTAMP)",
			"INSERT INTO dst (name) VALUES ('first')")),
		c.block(c.tx("app", "INSERT INTO dst (name) SELECT name FROM src WHERE id < 5 ORDER BY id DESC")),
		c.block(c.tx("app", "INSERT INTO dst (name) SELECT name FROM src ORDER BY name")),
		c.block(c.tx("app", "INSERT INTO dst (name) VALUES ('next')")),
	}
	want := "[1 first 2026-03-01 12:00:02] [2 c 2026-03-01 12:00:03] [3 b 2026-03-01 12:00:03] " +
		"[4 a 2026-03-01 12:00:03] [5 next 2026-03-01 12:00:05] results [3 rows, id 2] [1235] [1 rows, id 5]"
	var hashes []string
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			e := newEngine(t, be.open(t))
			var results []string
			var last []byte
			for _, b := range blocks {
				res, h, err := e.ApplyBlock(context.Background(), b)
				if err != nil {
					t.Fatal(err)
				}
				last = h
				if b.Height < 3 {
					continue
				}
				st := res[0].Statements[0]
				if st.Code != 0 {
					results = append(results, fmt.Sprintf("[%d]", st.Code))
					continue
				}
				results = append(results, fmt.Sprintf("[%d rows, id %d]", st.RowsAffected, st.LastInsertID))
			}
			hashes = append(hashes, fmt.Sprintf("%x", last))
			got := strings.Join(readRows(t, e, "SELECT id, name, at FROM app.dst ORDER BY id"), " ") +
				" results " + strings.Join(results, " ")
			if got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
	if len(hashes) == 2 && hashes[0] != hashes[1] {
		t.Errorf("AppHash differs: sqlite %s, mariadb %s", hashes[0], hashes[1])
	}
}
