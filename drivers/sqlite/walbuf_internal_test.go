package sqlite

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// openNodeSQL opens path as a node opens its database (WAL, synchronous
// NORMAL, the growing writer), through database/sql.
func openNodeSQL(t testing.TB, path string) *sql.DB {
	register()
	db, err := sql.Open(growingDriverName, "file:"+path+"?_busy_timeout=10000&"+NodeSettings)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// writeBlock commits one transaction of n rows of 1,000 bytes into w,
// keys from first.
func writeBlock(t testing.TB, db *sql.DB, first, n int) {
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := first; i < first+n; i++ {
		if _, err := tx.Exec("INSERT INTO w VALUES (?, ?)", i, strings.Repeat(strconv.Itoa(i%10), 1000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestWALFramesReachTheFileTogether: a transaction's WAL frames go to the
// file in a few large writes, not two per page, all of them before COMMIT
// returns (nothing is left in memory), and another connection reads the
// rows at once.
func TestWALFramesReachTheFileTogether(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	db := openNodeSQL(t, path)
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	before, _ := walBufStats()
	writeBlock(t, db, 0, 300) // ~75 pages of 4 KiB, ~300 KB of frames
	after, held := walBufStats()
	if held != 0 {
		t.Fatalf("%d bytes of WAL frames still in memory after COMMIT", held)
	}
	// Two writes per frame would be ~150; 300 KB in pieces of 120 KiB are 3.
	if n := after - before; n > 6 {
		t.Errorf("the transaction's frames took %d writes", n)
	}
	st, err := os.Stat(path + "-wal")
	if err != nil || st.Size() < 300*1000 {
		t.Fatalf("WAL file after COMMIT: %v, %v", st, err)
	}
	reader, err := sql.Open(sqlDriverName, "file:"+path+"?_query_only=1&"+NodeSettings)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var n int
	if err := reader.QueryRow("SELECT COUNT(*) FROM w").Scan(&n); err != nil || n != 300 {
		t.Fatalf("another connection counts %d rows (%v), want 300", n, err)
	}
}

// TestWALBufferCommitSurvivesKill: a process killed with SIGKILL right
// after COMMIT returned loses none of what it committed. The test runs
// itself as the writer (BLOCKSQL_WALBUF_WRITER names its file), which
// reports each transaction it committed and goes on until killed.
func TestWALBufferCommitSurvivesKill(t *testing.T) {
	if path := os.Getenv("BLOCKSQL_WALBUF_WRITER"); path != "" {
		db := openNodeSQL(t, path)
		if _, err := db.Exec("CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
			t.Fatal(err)
		}
		for b := 0; ; b++ {
			writeBlock(t, db, b*50, 50)
			fmt.Printf("committed %d\n", b+1)
		}
	}
	path := filepath.Join(t.TempDir(), "k.db")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestWALBufferCommitSurvivesKill$")
	cmd.Env = append(os.Environ(), "BLOCKSQL_WALBUF_WRITER="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	committed := 0
	for committed < 20 && lines.Scan() {
		if n, ok := strings.CutPrefix(lines.Text(), "committed "); ok {
			committed, _ = strconv.Atoi(n)
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if committed < 20 {
		t.Fatalf("the writer reported %d transactions before it stopped", committed)
	}
	db := openNodeSQL(t, path)
	defer db.Close()
	var rows, top int
	if err := db.QueryRow("SELECT COUNT(*), COALESCE(MAX(id), -1) FROM w").Scan(&rows, &top); err != nil {
		t.Fatal(err)
	}
	if rows < committed*50 || rows != top+1 {
		t.Fatalf("after the kill: %d rows (highest id %d), the writer had committed %d", rows, top, committed*50)
	}
}

// TestWALBufferFailedWriteFailsCommit: when the file cannot take a
// transaction's frames (here the process's file size limit), its COMMIT
// fails and none of it is kept; once the file can grow again, the next
// transaction commits. The test runs itself under the limit
// (BLOCKSQL_WALBUF_LIMITED names the file).
func TestWALBufferFailedWriteFailsCommit(t *testing.T) {
	if path := os.Getenv("BLOCKSQL_WALBUF_LIMITED"); path != "" {
		walBufLimited(t, path)
		return
	}
	path := filepath.Join(t.TempDir(), "l.db")
	cmd := exec.Command(os.Args[0], "-test.run", "^TestWALBufferFailedWriteFailsCommit$", "-test.v")
	cmd.Env = append(os.Environ(), "BLOCKSQL_WALBUF_LIMITED="+path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	db := openNodeSQL(t, path)
	defer db.Close()
	var rows, low int
	if err := db.QueryRow("SELECT COUNT(*), MIN(id) FROM w").Scan(&rows, &low); err != nil || rows != 10 || low != 1000 {
		t.Fatalf("after the failed COMMIT: %d rows from id %d (%v), want the 10 of the next transaction", rows, low, err)
	}
}

func walBufLimited(t *testing.T, path string) {
	db := openNodeSQL(t, path)
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	small := lim
	small.Cur = 200 << 10
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &small); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 300; i++ {
		if _, err := tx.Exec("INSERT INTO w VALUES (?, ?)", i, strings.Repeat("x", 1000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("a COMMIT whose frames the file could not take succeeded")
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	writeBlock(t, db, 1000, 10)
}
