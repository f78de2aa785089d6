package mysql_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

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

// Before login, a header claiming more than max_allowed_packet is answered
// 1153 without reading on.
func TestHandshakePacketTooLarge(t *testing.T) {
	n := startNode(t, mysqlfront.Config{MaxAllowedPacket: 1 << 20})
	c := dialRaw(t, n)
	readGreeting(t, c)
	c.Write([]byte{0xff, 0xff, 0x20, 0x01})
	pkt, err := readPacket(c)
	if err != nil || len(pkt) < 3 || pkt[0] != 0xff || int(pkt[1])|int(pkt[2])<<8 != 1153 {
		t.Fatalf("want ERR 1153, got % x (%v)", pkt, err)
	}
}

// Headers announcing 16 MiB packets that never arrive make the node
// reserve nothing for them, before login or after.
func TestClaimedPacketLengthReservesNothing(t *testing.T) {
	const clients = 40
	n := startNode(t, mysqlfront.Config{})
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for range clients {
		c := dialRaw(t, n)
		readGreeting(t, c)
		c.Write([]byte{0xff, 0xff, 0xff, 0x01, 'x'})
	}
	db := n.open(t, "root", "", "")
	if err := db.Ping(); err != nil { // every header has been read by now or soon
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > clients<<20 {
		t.Fatalf("heap grew by %d MiB for %d clients that sent only a header", grown>>20, clients)
	}
}
