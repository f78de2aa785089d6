package mysql_test

import (
	"strings"
	"testing"

	mysqlfront "github.com/blocksql/blocksql/proxy/mysql"
)

// A statement larger than max_allowed_packet is refused with 1153 and
// the node keeps serving; one under the limit goes through whole.
func TestPacketLargerThanMaxAllowedPacket(t *testing.T) {
	const limit = 1 << 20
	n := startNode(t, mysqlfront.Config{MaxAllowedPacket: limit})
	admin := n.open(t, "root", "", "")
	mustExec(t, admin, "CREATE DATABASE shop")
	mustExec(t, admin, "CREATE TABLE shop.t (id INT PRIMARY KEY, v LONGTEXT)")
	if got := queryStrings(t, admin, "SELECT @@max_allowed_packet"); got[0][0] != "1048576" {
		t.Fatalf("@@max_allowed_packet = %s, want 1048576", got[0][0])
	}
	// The driver would refuse client-side above the server's value.
	db := n.open(t, "root", "shop", "maxAllowedPacket=16777216")
	db.SetMaxOpenConns(1)
	fits := strings.Repeat("a", limit-100)
	mustExec(t, db, "INSERT INTO t VALUES (1, '"+fits+"')")
	_, err := db.Exec("INSERT INTO t VALUES (2, '" + strings.Repeat("b", 2*limit) + "')")
	me := assertCode(t, err, 1153)
	if string(me.SQLState[:]) != "08S01" {
		t.Fatalf("SQLSTATE %s, want 08S01", me.SQLState)
	}
	got := queryStrings(t, admin, "SELECT id, LENGTH(v) FROM shop.t ORDER BY id")
	if len(got) != 1 || got[0][1] != "1048476" {
		t.Fatalf("rows after the refused insert: %v", got)
	}
}

// Packets of 16 MiB and more arrive in several chunks; the frontend must
// join them as one statement.
func TestStatementSpanningPacketChunks(t *testing.T) {
	n := startNode(t, mysqlfront.Config{})
	db := n.open(t, "root", "", "")
	db.SetMaxOpenConns(1)
	mustExec(t, db, "CREATE DATABASE shop")
	mustExec(t, db, "CREATE TABLE shop.t (id INT PRIMARY KEY, v LONGTEXT)")
	big := strings.Repeat("x", 17<<20)
	mustExec(t, db, "INSERT INTO shop.t VALUES (1, '"+big+"')")
	if got := queryStrings(t, db, "SELECT LENGTH(v) FROM shop.t"); got[0][0] != "17825792" {
		t.Fatalf("stored length %s, want 17825792", got[0][0])
	}
}
