package consensus

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzUnmarshalTx decodes arbitrary bytes as a chain transaction. Decoding
// must never panic, and a transaction that decodes must encode back to
// exactly the bytes it came from: otherwise two encodings (two tx hashes)
// would carry one signed transaction.
func FuzzUnmarshalTx(f *testing.F) {
	f.Add([]byte("BSQL"))
	f.Add((&Tx{Version: txVersion1, User: "u", Statements: []Statement{{SQL: "x", Canonical: "x"}}}).Marshal())
	f.Add((&Tx{Database: "d", User: "app", Nonce: 9, Statements: []Statement{
		{SQL: "INSERT INTO t VALUES (?)", Canonical: "INSERT INTO `t` VALUES (?)", IDFloor: 3,
			Params: []Value{{Kind: KindInt, Int: -1}, {Kind: KindFloat, Float: 1.5}, {Kind: KindBytes, Bytes: []byte{0}}}},
		{SQL: "SELECT 1 FOR UPDATE", Read: true, Answer: &Answer{Code: 1062, ReadDigest: make([]byte, 32)}},
	}}).Marshal())
	long := strings.Repeat("x", 5000)
	f.Add((&Tx{Statements: []Statement{{SQL: "insert t values('" + long + "')", Canonical: "INSERT INTO `t` VALUES ('" + long + "')"}}}).Marshal())
	g := &Tx{Nonce: 3, Group: []Context{{Database: "d", User: "a", ClientAddr: "1.2.3.4:5"}, {User: "b", TimeZone: "UTC"}},
		Statements: []Statement{{SQL: "INSERT INTO t VALUES (1)", Canonical: "INSERT INTO `t` VALUES (1)", IDFloor: 2},
			{SQL: "DELETE FROM t", Canonical: "DELETE FROM `t`", Params: []Value{{Kind: KindString, Bytes: []byte("x")}}}}}
	f.Add(g.Marshal())
	f.Add(sessionsGroup(4).Marshal())
	f.Add(inlineGroup(4).Marshal())
	old := sessionsGroup(3)
	old.Version = txVersionGroup3
	f.Add(old.Marshal())
	f.Fuzz(func(t *testing.T, data []byte) {
		tx, err := UnmarshalTx(data)
		if err != nil {
			return
		}
		_ = tx.Verify()
		if again := tx.Marshal(); !bytes.Equal(again, data) {
			t.Fatalf("decoded transaction encodes to other bytes:\n in  %x\n out %x", data, again)
		}
	})
}
