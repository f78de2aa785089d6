// Package proxy owns what every client frontend shares: the session state
// machine that classifies each statement, answers reads and SHOW from the
// local database and the catalog, buffers explicit transactions, and turns
// writes into chain transactions whose outcome the session waits for.
// Frontends (proxy/mysql) only speak the wire protocol.
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
	// returns its outcome once its block is committed AND applied to the
	// local database, so the session reads its own writes.
	Submit(ctx context.Context, tx *consensus.Tx) (*consensus.TxResult, error)
}

// Database is what a session needs from the local database.
type Database interface {
	// Query answers a fully qualified read (see replay.Qualify).
	Query(ctx context.Context, stmt ast.StmtNode) (*sql.Rows, error)
	// Catalog describes the user tables as the chain defines them.
	Catalog() replay.CatalogReader
	// Height is the last block applied locally.
	Height() int64
}
