package cli

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blocksql/blocksql/drivers/mysql"
	"github.com/blocksql/blocksql/replay"
)

// runCLI runs the blocksql binary and returns stdout, stderr and the exit code.
func runCLI(t testing.TB, args ...string) (string, string, int) {
	t.Helper()
	return runCLIIn(t, "", args...)
}

// runCLIIn is runCLI in the working directory dir.
func runCLIIn(t testing.TB, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(blocksqlBin(t), args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out.String(), errb.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), 0
}

// sqliteQuery runs one query on an SQLite file as a DBA would with sqlite3.
func sqliteQuery(t testing.TB, path, q string) string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRow(q).Scan(&s); err != nil {
		t.Fatalf("%s on %s: %v", q, path, err)
	}
	return s
}

// TestReplayCLI drives `blocksql replay` and `blocksql verify` against a
// running node: targets, dry run, refusals, snapshots, and a row edited
// behind the node's back.
func TestReplayCLI(t *testing.T) {
	home, port := newHome(t, "sqlite", "[snapshots]\ninterval = 5\nretain = 2")
	n := start(t, home, port)
	db := n.db(t, "")
	for _, s := range []string{"CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(20))"} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 12; i++ {
		if _, err := db.Exec("INSERT INTO d.t VALUES (?, ?)", i, fmt.Sprintf("v%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	// A read through the proxy sees every acknowledged write; the file
	// read directly below then holds them too.
	var rows int
	if err := db.QueryRow("SELECT COUNT(*) FROM d.t").Scan(&rows); err != nil || rows != 12 {
		t.Fatalf("rows read back = %d (%v), want 12", rows, err)
	}
	nodeDB := filepath.Join(home, "data", "blocksql.db")
	h7 := sqliteQuery(t, nodeDB, `SELECT height FROM "blocksql.statements" WHERE params LIKE '[7,%'`)
	tx7 := sqliteQuery(t, nodeDB, `SELECT tx_hash FROM "blocksql.statements" WHERE params LIKE '[7,%'`)
	tip := sqliteQuery(t, nodeDB, `SELECT MAX(height) FROM "blocksql.blocks"`)
	dir := t.TempDir()

	t.Run("dry run", func(t *testing.T) {
		out, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", h7, "--dry-run", "--output", "sqlite:"+filepath.Join(dir, "dry.db"))
		if code != 0 || !strings.Contains(out, "reach:   height "+h7) || !strings.Contains(out, "statements") {
			t.Fatalf("dry run exit %d:\n%s%s", code, out, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "dry.db")); err == nil {
			t.Error("dry run created the output")
		}
	})
	t.Run("tx exclusive", func(t *testing.T) {
		out := filepath.Join(dir, "before7.db")
		rep := replayJSON(t, "--home", home, "--to-tx", tx7, "--inclusive=false", "--output", "sqlite:"+out)
		if got := sqliteQuery(t, out, `SELECT COUNT(*) || ',' || MAX(id) FROM "d.t"`); got != "6,6" {
			t.Errorf("restored before tx 7: count,max = %s, want 6,6", got)
		}
		if fmt.Sprint(rep.Height+1) != h7 || rep.Digest == nil {
			t.Errorf("report %+v, want height %s - 1", rep, h7)
		}
		if _, err := os.Stat(out + ".restoring"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the restore left its staging file behind: %v", err)
		}
		if got := sqliteQuery(t, out, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'blocksql.statements.statements_time'`); got != "1" {
			t.Error("the restored log has no index on block_time")
		}
	})
	t.Run("beyond tip", func(t *testing.T) {
		tip := chainTip(t, home)
		_, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", "100000", "--output", "sqlite:"+filepath.Join(dir, "x.db"))
		if code != 2 || !strings.Contains(stderr, "beyond the chain's tip: height "+tip+" at ") {
			t.Errorf("exit %d, stderr %q; want 2 naming the tip height %s and time", code, stderr, tip)
		}
	})
	t.Run("existing output", func(t *testing.T) {
		out := "sqlite:" + filepath.Join(dir, "before7.db")
		if _, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", tip, "--output", out); code != 2 || !strings.Contains(stderr, "--force") {
			t.Errorf("replay into a database with data: exit %d, %q; want a refusal with a hint", code, stderr)
		}
		if stdout, _, code := runCLI(t, "replay", "--home", home, "--to-height", tip, "--output", out, "--if-not-exists"); code != 0 || !strings.Contains(stdout, "nothing done") {
			t.Errorf("--if-not-exists: exit %d, %q", code, stdout)
		}
	})
	t.Run("interrupted", func(t *testing.T) {
		// Cancelled after its first block, as Ctrl-C would: no file at
		// the output, none half-written beside it.
		out := filepath.Join(dir, "interrupted.db")
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		o := &replayOptions{home: home, noSnapshots: true, target: replay.Target{Height: mustInt(t, tip), Inclusive: true},
			out: output{driver: "sqlite", path: out}, progress: func(replay.Progress) { cancel() }}
		rep, err := replayReport(ctx, o)
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "output removed") {
			t.Fatalf("cancelled restore: report %+v, error %v; want it stopped with the output removed", rep, err)
		}
		for _, p := range []string{out, out + ".restoring", out + ".restoring-journal"} {
			if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s after an interrupted restore: %v", p, err)
			}
		}
	})
	t.Run("from snapshot", func(t *testing.T) {
		waitSnapshot(t, home)
		rep := replayJSON(t, "--home", home, "--to-height", tip, "--output", "sqlite:"+filepath.Join(dir, "tip.db"))
		if rep.Snapshot == "" || rep.StartHeight < 5 {
			t.Errorf("restore to the tip did not start from a snapshot: %+v", rep)
		}
		if got := sqliteQuery(t, filepath.Join(dir, "tip.db"), `SELECT COUNT(*) FROM "d.t"`); got != "12" {
			t.Errorf("restored %s rows, want 12", got)
		}
	})
	t.Run("verify running node", func(t *testing.T) {
		if out, stderr, code := runCLI(t, "verify", "--home", home); code != 0 || !strings.HasPrefix(out, "OK:") {
			t.Errorf("verify a healthy node: exit %d\n%s%s", code, out, stderr)
		}
	})
	n.stop()
	t.Run("verify edited database", func(t *testing.T) {
		raw, err := sql.Open("sqlite3", nodeDB)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		if _, err := raw.Exec(`UPDATE "d.t" SET v = 'forged' WHERE id = 3`); err != nil {
			t.Fatal(err)
		}
		out, _, code := runCLI(t, "verify", "--home", home, "--dsn", "sqlite:"+nodeDB)
		if code != 1 || !strings.Contains(out, "MISMATCH") || !strings.Contains(out, "table d.t:") || !strings.Contains(out, "changed  id=3") {
			t.Errorf("verify after editing d.t id=3: exit %d\n%s", code, out)
		}
	})
	t.Run("mariadb output", func(t *testing.T) {
		requireMariaDB(t)
		prefix := fmt.Sprintf("blocksql_test_%d_", time.Now().UnixNano()%1e9)
		t.Cleanup(func() { _ = mysql.DropPrefix(context.Background(), mariaDSN, prefix) })
		dsn := "mysql:" + mariaDSN + "#" + prefix
		rep := replayJSON(t, "--home", home, "--to-height", h7, "--output", dsn)
		if out, stderr, code := runCLI(t, "verify", "--home", home, "--dsn", dsn); code != 0 || !strings.HasPrefix(out, "OK:") {
			t.Errorf("verify the MariaDB restore at %d: exit %d\n%s%s", rep.Height, code, out, stderr)
		}
	})
}

func mustInt(t testing.TB, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func replayJSON(t testing.TB, args ...string) replay.Report {
	t.Helper()
	out, stderr, code := runCLI(t, append([]string{"replay", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("replay %v: exit %d\n%s%s", args, code, out, stderr)
	}
	if stderr != "" {
		t.Errorf("replay wrote to stderr while not on a terminal: %q", stderr)
	}
	var rep replay.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	return rep
}

// chainTip is the newest height in the node's block store, as replay sees it.
func chainTip(t testing.TB, home string) string {
	out, stderr, code := runCLI(t, "replay", "--home", home, "--to-height", "1", "--dry-run", "--json")
	var p replay.Plan
	if err := json.Unmarshal([]byte(out), &p); code != 0 || err != nil {
		t.Fatalf("dry run: exit %d %v\n%s%s", code, err, out, stderr)
	}
	return fmt.Sprint(p.TipHeight)
}

func waitSnapshot(t testing.TB, home string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if list, _ := replay.ListSnapshots(filepath.Join(home, SnapshotDir)); len(list) > 0 {
			return
		}
	}
	t.Fatal("the node took no snapshot")
}
