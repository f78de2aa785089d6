package replay_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// randomInsertBlocks: blocks of random INSERTs into tables of many column
// types, many of them failing (duplicates, values out of range, strings
// too long, NULL into NOT NULL, wrong value counts), carried as
// one-statement transactions, multi-statement transactions and groups,
// in random order: the shapes insert runs form and break up.
func randomInsertBlocks(c *chainBuilder, seed uint64, blocks int) []consensus.Block {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := []consensus.Block{c.block(c.tx("", "CREATE DATABASE r"),
		c.tx("r", "CREATE TABLE a (id INT AUTO_INCREMENT PRIMARY KEY, u TINYINT UNSIGNED, d DECIMAL(5,2) NOT NULL, "+
			"s VARCHAR(4), k INT UNIQUE, f DOUBLE, t DATETIME)"),
		c.tx("r", "CREATE TABLE b (k BIGINT PRIMARY KEY, v VARCHAR(3) NOT NULL DEFAULT 'x', n INT)"))}
	// value is mostly a valid value of col, sometimes one the column
	// refuses (out of range, too long, not a date).
	value := func(col string) string {
		pick := func(valid, invalid []string) string {
			if r.IntN(12) == 0 {
				return invalid[r.IntN(len(invalid))]
			}
			return valid[r.IntN(len(valid))]
		}
		switch col {
		case "u":
			return pick([]string{"0", "7", "255", "NULL", "'12'"}, []string{"256", "-1"})
		case "d":
			// No NULL: with an error in an earlier column of the row
			// (u), MariaDB reports that one and the SQLite node the NULL
			// (the known deviation sqlite-error-order).
			return pick([]string{"0", "1.5", "-999.99", "'2.25'", "-0.001"}, []string{"999.995", "1000"})
		case "s", "v":
			return pick([]string{"'a'", "'abc'", "''", "'é'"}, []string{"'abcde'", "NULL"})
		case "k":
			return fmt.Sprint(r.IntN(400) - 5)
		case "f":
			return pick([]string{"1e300", "-0.5", "NULL", "3", "'1e2'"}, []string{"'x'"})
		case "t":
			return pick([]string{"'2026-03-01 10:00:00'", "NULL", "'1999-12-31'"}, []string{"'2026-02-30 00:00:00'"})
		default: // n
			return pick([]string{"0", "-7", "2147483647"}, []string{"2147483648"})
		}
	}
	insert := func() string {
		if r.IntN(3) == 0 {
			rows := make([]string, 1+r.IntN(2))
			for i := range rows {
				rows[i] = fmt.Sprintf("(%s, %s, %s)", value("k"), value("v"), value("n"))
			}
			if r.IntN(10) == 0 {
				return "INSERT INTO b (k, v) VALUES (1, 'x', 2)" // wrong value count
			}
			return "INSERT INTO b (k, v, n) VALUES " + strings.Join(rows, ", ")
		}
		cols := []string{"u", "d", "s", "k", "f", "t"}
		if r.IntN(4) == 0 {
			cols = []string{"d", "k"}
		}
		rows := make([]string, 1+r.IntN(3)/2)
		for i := range rows {
			vals := make([]string, len(cols))
			for j, col := range cols {
				vals[j] = value(col)
			}
			rows[i] = "(" + strings.Join(vals, ", ") + ")"
		}
		return "INSERT INTO a (" + strings.Join(cols, ", ") + ") VALUES " + strings.Join(rows, ", ")
	}
	for range blocks {
		var txs [][]byte
		for range 1 + r.IntN(12) {
			switch r.IntN(4) {
			case 0, 1:
				txs = append(txs, c.tx("r", insert()))
			case 2:
				stmts := make([]string, 2+r.IntN(5))
				for i := range stmts {
					stmts[i] = insert()
				}
				txs = append(txs, c.tx("r", stmts...))
			default:
				members := make([]member, 2+r.IntN(6))
				for i := range members {
					members[i] = member{"r", "root", insert()}
				}
				txs = append(txs, c.group(members...))
			}
		}
		out = append(out, c.block(txs...))
	}
	return out
}

// TestInsertRunsRandom applies random blocks of INSERTs with insert runs
// and with every statement alone, on SQLite and on MariaDB: every result,
// AppHash, row change and the final state agree.
func TestInsertRunsRandom(t *testing.T) {
	for seed := range uint64(6) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			blocks := randomInsertBlocks(newChain(t), seed, 25)
			apply := func(d drivers.Driver, runs bool) (string, *replay.Engine) {
				replay.SetInsertRuns(t, runs)
				e := newEngine(t, d)
				var sb strings.Builder
				for _, blk := range blocks {
					res, h, err := e.ApplyBlock(t.Context(), blk)
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range res {
						sb.WriteString(resultText(r) + "\n")
					}
					fmt.Fprintf(&sb, "block %d %x\n", blk.Height, h)
				}
				return sb.String(), e
			}
			runs, eRuns := apply(hookedSQLite(t), true)
			alone, eAlone := apply(hookedSQLite(t), false)
			if runs != alone {
				t.Fatalf("SQLite with runs and alone differ:\n%s", firstDiff(runs, alone))
			}
			if a, b := digest(t, eRuns), digest(t, eAlone); a.Hash != b.Hash {
				t.Errorf("state digest %s with runs, %s alone", a.Hash, b.Hash)
			}
			if got, want := fmt.Sprint(rowChanges(t, eRuns.Driver())), fmt.Sprint(rowChanges(t, eAlone.Driver())); got != want {
				t.Errorf("row history differs with runs")
			}
			if !strings.Contains(runs, "-1 [") || !strings.Contains(runs, " 1062") {
				t.Fatalf("the blocks hold no successful or no failing insert:\n%s", runs)
			}
			if n := queryInts(t, eRuns.Driver(), "SELECT COUNT(*) FROM "+eRuns.Driver().Internal("statements")+
				" WHERE applied_sql LIKE '/* in the INSERT of %'"); n == 0 {
				t.Fatal("no statement ran in an insert run")
			}
			maria, eMaria := apply(openMariaDB(t), true)
			if maria != runs {
				t.Fatalf("MariaDB and SQLite differ:\n%s", firstDiff(maria, runs))
			}
			mariaAlone, eMariaAlone := apply(openMariaDB(t), false)
			if maria != mariaAlone {
				t.Fatalf("MariaDB with runs and alone differ:\n%s", firstDiff(maria, mariaAlone))
			}
			if got, want := fmt.Sprint(rowChanges(t, eMaria.Driver())), fmt.Sprint(rowChanges(t, eMariaAlone.Driver())); got != want {
				t.Errorf("MariaDB row history differs with runs")
			}
		})
	}
}

// firstDiff shows where two line lists first differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %s\n  %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(la), len(lb))
}
