// Package proxy owns what every client frontend shares: the session state
// machine that classifies each statement, answers reads and SHOW from the
// local database and the catalog, buffers explicit transactions, and turns
// writes into chain transactions whose outcome the session waits for.
// Frontends (proxy/mysql) only speak the wire protocol: they call
// Session.Execute, Prepare/ExecutePrepared, Use and FieldList and encode the
// protocol-neutral Result; errors are *drivers.Error with the MySQL error
// number and SQLSTATE the client must see.
//
// Reads are made self-contained before they reach the local database:
// placeholders, DATABASE(), USER(), CONNECTION_ID(), LAST_INSERT_ID(),
// @@variables and @user variables become literals, and table names get the
// session's database. SHOW and DESCRIBE are answered from the catalog the
// apply engine keeps, so every backend gives the same answer.
//
// Transactions. A write in autocommit mode is one chain transaction. Between
// BEGIN (or the first write with autocommit=0) and COMMIT, every statement
// answers when sent, from a speculative run of the transaction so far
// against the local state (txn.go, Database.Speculate): rows affected,
// insert ids, errors at the statement, reads that see the transaction's
// own writes. COMMIT submits the statements with those answers as ONE
// chain transaction; the apply engine validates the answers and, if one
// no longer holds, aborts it all with 1213, COMMIT's error. Single-table
// locking reads (FOR UPDATE, LOCK IN SHARE MODE) join the validated read
// set; on joins the lock is ignored with a note.
//
// DDL inside a transaction commits the buffered writes first and then runs
// on its own, as MySQL's implicit commit does. SAVEPOINT, XA, LOCK TABLES,
// stored procedures, LOAD DATA without LOCAL and user management are refused
// with 1235.
//
// ExecuteMulti runs the statements of a multi-statement query one by one
// (each autocommit write on its own, as from separate statements) and stops at the first
// error. LOAD DATA LOCAL INFILE asks the frontend for the file's bytes
// (SetLocalFileReader), parses them and submits one INSERT of all the rows.
// Sessions registered in a Processes list answer SHOW PROCESSLIST and KILL.
package proxy

import (
	"context"
	"database/sql"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/replay"
)

// Chain is what a session needs from the consensus layer.
type Chain interface {
	// Submit signs tx as this node, orders it through consensus and
	// returns its outcome once its block is decided and applied.
	Submit(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error)
	// SubmitGrouped is Submit for an autocommit write of one statement
	// replay.Groupable accepts: the chain may carry it in one grouped
	// transaction with other sessions' writes. The result is its own.
	SubmitGrouped(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error)
	// WaitApplied returns once the local database has committed every
	// block whose outcomes were returned: reads call it first, so every
	// session reads every write any session was told about.
	WaitApplied(ctx context.Context) error
}

// Database is what a session needs from the local database.
type Database interface {
	// Query answers a fully qualified read (see replay.Qualify).
	Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error)
	// Catalog describes the user tables as the chain defines them.
	Catalog() replay.CatalogReader
	// Height is the last block applied locally.
	Height() int64
	// AccountReader answers which privileges a user holds.
	replay.AccountReader
	// Speculate answers an open transaction's statements against the
	// local state without keeping any change (see replay.Engine.Speculate).
	Speculate(ctx context.Context, tx *consensus.Tx, read func(context.Context, replay.Querier) error) (*replay.Speculation, error)
	// ReserveIDs keeps an autocommit INSERT off the ids open transactions
	// were told (see replay.Engine.ReserveIDs).
	ReserveIDs(ins *ast.InsertStmt) (floor uint64, release func(failed bool))
	// NextAutoID is the next AUTO_INCREMENT id an autocommit INSERT on
	// this node generates (see replay.Engine.NextAutoID).
	NextAutoID(db, table string) (next uint64, ok bool)
}
