package mysql_test

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/go-mysql-org/go-mysql/client"
	gm "github.com/go-mysql-org/go-mysql/mysql"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// go-sql-driver sends a parameter larger than max_allowed_packet/(n+1)
// with COM_STMT_SEND_LONG_DATA, in packets of at most max_allowed_packet:
// the value arrives whole, at its position among the others, in writes
// and reads; long data beyond the server's max_allowed_packet fails the
// execution (1105, as MariaDB) and leaves the connection usable.
func TestLongDataParameters(t *testing.T) {
	n := startNode(t, mysqlfront.Config{MaxAllowedPacket: 64 << 10})
	setup := n.open(t, "root", "", "")
	mustExec(t, setup, "CREATE DATABASE ld")
	mustExec(t, setup, "CREATE TABLE ld.t (id INT PRIMARY KEY, body LONGTEXT, tag VARCHAR(10))")
	db := n.open(t, "root", "ld", "maxAllowedPacket=4096")
	db.SetMaxOpenConns(1)

	long := strings.Repeat("0123456789", 3000) // 30,000 bytes: 8 long data packets
	mustExec(t, db, "INSERT INTO t (id, body, tag) VALUES (?, ?, ?)", 1, long, "x")
	mustExec(t, db, "INSERT INTO t (body, id, tag) VALUES (?, ?, ?)", []byte(long+"!"), 2, "y")
	got := queryStrings(t, db, "SELECT id, LENGTH(body), body = ?, tag FROM t ORDER BY id", long)
	want := [][]string{{"1", "30000", "1", "x"}, {"2", "30001", "0", "y"}}
	if strings.Join(got[0], ",") != strings.Join(want[0], ",") || strings.Join(got[1], ",") != strings.Join(want[1], ",") {
		t.Fatalf("rows %v, want %v", got, want)
	}

	_, err := db.Exec("INSERT INTO t (id, body) VALUES (?, ?)", 3, strings.Repeat("z", 70<<10))
	assertCode(t, err, 1105)
	mustExec(t, db, "INSERT INTO t (id, body) VALUES (?, ?)", 3, "short")
	if got := queryStrings(t, db, "SELECT COUNT(*), SUM(LENGTH(body)) FROM t"); got[0][0] != "3" || got[0][1] != "60006" {
		t.Fatalf("after the refused execution: %v, want 3 rows of 60006 bytes", got)
	}
}

// The long data a connection's statements hold at once is bounded by
// max_allowed_packet too, not only each execution's: long data sent to a
// second statement past that fails its execution (1105) and the first
// statement's still runs. Before, every prepared statement could hold
// max_allowed_packet of long data that was never executed.
func TestLongDataHeldAcrossStatementsIsBounded(t *testing.T) {
	n := startNode(t, mysqlfront.Config{MaxAllowedPacket: 64 << 10})
	setup := n.open(t, "root", "", "")
	mustExec(t, setup, "CREATE DATABASE ld")
	mustExec(t, setup, "CREATE TABLE ld.t (id INT PRIMARY KEY, body LONGTEXT)")
	c, err := client.Connect(n.addr, "root", "", "ld")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var stmts [2]*client.Stmt
	for i := range stmts {
		if stmts[i], err = c.Prepare("INSERT INTO t (id, body) VALUES (?, ?)"); err != nil {
			t.Fatal(err)
		}
	}
	for i, st := range stmts {
		c.ResetSequence()
		pkt := binary.LittleEndian.AppendUint32(append(make([]byte, 4), gm.COM_STMT_SEND_LONG_DATA), st.ID)
		pkt = append(binary.LittleEndian.AppendUint16(pkt, 1), strings.Repeat(string(rune('a'+i)), 40<<10)...)
		if err := c.WritePacket(pkt); err != nil {
			t.Fatal(err)
		}
	}
	_, err = stmts[1].Execute(2, nil)
	var me *gm.MyError
	if !errors.As(err, &me) || me.Code != 1105 {
		t.Fatalf("executing the statement whose long data went past what the connection may hold: %v, want 1105", err)
	}
	if _, err := stmts[0].Execute(1, nil); err != nil {
		t.Fatalf("the first statement's long data: %v", err)
	}
	assertRows(t, setup, "SELECT id, LENGTH(body), LEFT(body, 1) FROM ld.t", [][]string{{"1", "40960", "a"}})
}
