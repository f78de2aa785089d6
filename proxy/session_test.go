package proxy

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// recordingChain keeps what a session submits and answers with a fixed result.
type recordingChain struct {
	txs    []*consensus.Tx
	result func(tx *consensus.Tx) *consensus.TxResult
}

func (c *recordingChain) WaitApplied(context.Context) error { return nil }

// SubmitGrouped submits alone: these tests look at one session's writes.
func (c *recordingChain) SubmitGrouped(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	return c.Submit(ctx, tx)
}

func (c *recordingChain) Submit(_ context.Context, tx *consensus.Tx) (*consensus.TxResult, error) {
	c.txs = append(c.txs, tx)
	if c.result != nil {
		return c.result(tx), nil
	}
	res := &consensus.TxResult{Failed: -1}
	for range tx.Statements {
		res.Statements = append(res.Statements, consensus.StmtResult{RowsAffected: 1, LastInsertID: 42})
	}
	return res, nil
}

// catalogOnly is a Database with one table and no rows to read; these
// tests never reach the local database.
type catalogOnly struct{}

func (catalogOnly) Query(context.Context, ast.StmtNode) (*sql.Rows, error) {
	return nil, errors.New("no local database in this test")
}
func (catalogOnly) Catalog() replay.CatalogReader { return catalogOnly{} }

func (catalogOnly) ReserveIDs(*ast.InsertStmt) (uint64, func(bool)) { return 0, func(bool) {} }
func (catalogOnly) NextAutoID(string, string) (uint64, bool)        { return 0, false }

// Speculate answers every write of an open transaction with one row.
func (catalogOnly) Speculate(_ context.Context, tx *consensus.Tx, _ func(context.Context, replay.Querier) error) (*replay.Speculation, error) {
	sp := &replay.Speculation{Aborted: -1}
	for range tx.Statements {
		sp.Answers = append(sp.Answers, consensus.Answer{RowsAffected: 1})
		sp.Results = append(sp.Results, consensus.StmtResult{RowsAffected: 1})
	}
	return sp, nil
}
func (catalogOnly) Height() int64                          { return 7 }
func (catalogOnly) Account(string) (*replay.Account, bool) { return nil, false }
func (catalogOnly) Databases() []string                    { return []string{"shop"} }
func (catalogOnly) Tables(string) []string                 { return []string{"t"} }
func (catalogOnly) Table(db, name string) (*replay.TableDef, bool) {
	if db != "shop" || name != "t" {
		return nil, false
	}
	return &replay.TableDef{DB: "shop", Name: "t", Columns: []replay.ColumnDef{{Name: "id", Type: "int(11)"}}}, true
}

func newTestSession(chain Chain) *Session {
	return NewSession(chain, catalogOnly{}, Client{User: "alice", Addr: "10.0.0.9:4000", ConnID: 5})
}

func TestWritesCarryContextAndParams(t *testing.T) {
	chain := &recordingChain{}
	s := newTestSession(chain)
	ctx := context.Background()
	if err := s.Use("shop"); err != nil {
		t.Fatal(err)
	}
	params := []consensus.Value{{Kind: consensus.KindString, Bytes: []byte("x")}, {Kind: consensus.KindInt, Int: 3}}
	res, err := s.Execute(ctx, "insert into t (a, b) values (?, ?)", params)
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsAffected != 1 || res.LastInsertID != 42 {
		t.Fatalf("result %+v", res)
	}
	tx := chain.txs[0]
	st := tx.Statements[0]
	if tx.Database != "shop" || tx.User != "alice" || tx.ClientAddr != "10.0.0.9:4000" ||
		tx.TimeZone != defaultTimeZone || tx.SQLMode != defaultSQLMode {
		t.Fatalf("tx context %+v", tx)
	}
	if st.SQL != "insert into t (a, b) values (?, ?)" || st.Canonical != "INSERT INTO `t` (`a`,`b`) VALUES (?,?)" ||
		len(st.Params) != 2 {
		t.Fatalf("statement %+v", st)
	}
}

func TestTransactionBuffersUntilCommit(t *testing.T) {
	chain := &recordingChain{}
	s := newTestSession(chain)
	ctx := context.Background()
	for _, q := range []string{"USE shop", "BEGIN", "INSERT INTO t VALUES (1)", "USE blocksql", "UPDATE shop.t SET id = 2"} {
		if _, err := s.Execute(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if len(chain.txs) != 0 || !s.Status().InTransaction {
		t.Fatalf("writes reached the chain before COMMIT")
	}
	if _, err := s.Execute(ctx, "COMMIT", nil); err != nil {
		t.Fatal(err)
	}
	if len(chain.txs) != 1 || len(chain.txs[0].Statements) != 2 || chain.txs[0].Database != "shop" {
		t.Fatalf("want one tx of 2 statements in shop, got %+v", chain.txs)
	}
	if s.Status().InTransaction {
		t.Fatal("still in a transaction after COMMIT")
	}
}

func TestCommitReportsFailingStatement(t *testing.T) {
	chain := &recordingChain{result: func(tx *consensus.Tx) *consensus.TxResult {
		return &consensus.TxResult{Failed: 1, Statements: []consensus.StmtResult{{},
			{Code: drivers.ErDupEntry, State: "23000", Message: "Duplicate entry '1' for key 'PRIMARY'"}}}
	}}
	s := newTestSession(chain)
	ctx := context.Background()
	for _, q := range []string{"USE shop", "START TRANSACTION", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)"} {
		if _, err := s.Execute(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, err := s.Execute(ctx, "COMMIT", nil)
	var de *drivers.Error
	if !errors.As(err, &de) || de.Code != drivers.ErDupEntry || de.State != "23000" ||
		!strings.Contains(de.Message, "statement 2 of 2") {
		t.Fatalf("COMMIT error %v", err)
	}
}

func TestRefusedStatementsNeverReachTheChain(t *testing.T) {
	chain := &recordingChain{}
	s := newTestSession(chain)
	cases := map[string]uint16{
		"INSERT INTO t VALUES (1)":               drivers.ErNoDB,
		"INSERT INTO shop.t VALUES (SLEEP(1))":   drivers.ErNotSupported,
		"DELETE FROM blocksql.statements":        drivers.ErTableAccessDenied,
		"LOAD DATA INFILE 'x' INTO TABLE shop.t": drivers.ErNotSupported,
		"ROLLBACK TO SAVEPOINT a":                1305, // none set
		"LOCK TABLES shop.t WRITE":               drivers.ErNotSupported,
		"SET GLOBAL sql_mode = ''":               1227,
		"INSERT INTO shop.t VALUES (?)":          1210, // no value bound
		"SELECT 1; SELECT 2":                     drivers.ErParse,
	}
	for q, code := range cases {
		_, err := s.Execute(context.Background(), q, nil)
		var de *drivers.Error
		if !errors.As(err, &de) || de.Code != code {
			t.Errorf("%s: got %v, want error %d", q, err, code)
		}
	}
	if len(chain.txs) != 0 {
		t.Fatalf("%d refused statements reached the chain", len(chain.txs))
	}
}

func TestSessionValuesWithoutDatabase(t *testing.T) {
	s := newTestSession(&recordingChain{})
	ctx := context.Background()
	if _, err := s.Execute(ctx, "SET @n = 12, autocommit = OFF", nil); err != nil {
		t.Fatal(err)
	}
	res, err := s.Execute(ctx, "SELECT @n, @@autocommit, CONNECTION_ID(), USER(), CURRENT_USER, ? AS p", []consensus.Value{{Kind: consensus.KindFloat, Float: 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	got := []any{}
	for i, v := range res.Rows[0] {
		got = append(got, TextValue(res.Columns[i], v))
	}
	want := []any{"12", "0", "5", "alice@10.0.0.9", "alice@%", "0.5"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	if res.Columns[5].Name != "p" || res.Columns[5].Type != mysql.TypeDouble || res.Columns[0].Name != "@n" {
		t.Fatalf("columns %+v", res.Columns)
	}
}

func TestColumnFor(t *testing.T) {
	cases := []struct {
		dbType   string
		tp       byte
		unsigned bool
		length   uint32
		decimals uint8
	}{
		{"VARCHAR(64)", mysql.TypeVarString, false, 256, 0},
		{"int(11) unsigned", mysql.TypeLong, true, 11, 0},
		{"UNSIGNED BIGINT", mysql.TypeLonglong, true, 20, 0},
		{"DECIMAL(10,2)", mysql.TypeNewDecimal, false, 12, 2},
		{"DATETIME", mysql.TypeDatetime, false, 19, 0},
		{"TEXT", mysql.TypeBlob, false, 262140, 0},
	}
	for _, c := range cases {
		col := columnFor("c", c.dbType, nil)
		unsigned := col.Flags&uint16(mysql.UnsignedFlag) != 0
		if col.Type != c.tp || unsigned != c.unsigned || col.Length != c.length || col.Decimals != c.decimals {
			t.Errorf("%s: got %+v", c.dbType, col)
		}
	}
}

func TestLikeMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"max%", "max_allowed_packet", true},
		{"%_PACKET", "max_allowed_packet", true},
		{"max\\_a%", "max_allowed_packet", true},
		{"max\\_a%", "maxXallowed", false},
		{"t_", "t1", true},
		{"t_", "t12", false},
	}
	for _, c := range cases {
		if got := likeMatch(c.pattern, c.s, 0); got != c.want {
			t.Errorf("%q LIKE %q = %v", c.s, c.pattern, got)
		}
	}
}
