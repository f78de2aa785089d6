package consensus

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/cockroachdb/pebble"
	dbm "github.com/cometbft/cometbft-db"
	cfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/store"
	cmttypes "github.com/cometbft/cometbft/types"
)

// ErrNoBlock is returned for a height outside the store's base..height.
var ErrNoBlock = errors.New("no such block")

// ErrCorruptBlock is returned for a block whose stored parts do not decode
// into a valid block (damaged or edited on disk).
var ErrCorruptBlock = errors.New("corrupt block")

// BlockStore reads committed blocks from a node home, for replays and
// audits. Opened while the node runs, it sees the chain as it was when
// opened: open it again to see newer blocks.
type BlockStore struct {
	db  dbm.DB
	bs  *store.BlockStore
	dir string // private view of a pebble store, removed on Close
}

// OpenBlockStore opens <home>/data/blockstore.db read-only. With the
// default pebble backend it works while the node is running: it opens a
// private view of the store (see pebbleView), because the node's
// compactions delete the files a shared read-only handle would still need.
func OpenBlockStore(home string) (*BlockStore, error) {
	c, err := LoadConfig(home)
	if err != nil {
		return nil, err
	}
	if dbm.BackendType(c.DBBackend) != dbm.PebbleDBBackend {
		db, err := dbm.NewDB("blockstore", dbm.BackendType(c.DBBackend), c.DBDir())
		if err != nil {
			return nil, fmt.Errorf("open block store in %s: %w", c.DBDir(), err)
		}
		return newBlockStore(c, db, ""), nil
	}
	var lastErr error
	for range viewAttempts {
		dir, err := pebbleView(filepath.Join(c.DBDir(), "blockstore.db"))
		if err != nil {
			lastErr = err
			continue
		}
		db, err := openPebbleReadOnly(filepath.Join(dir, "blockstore.db"))
		if err != nil {
			os.RemoveAll(dir)
			lastErr = err
			continue
		}
		return newBlockStore(c, db, dir), nil
	}
	return nil, fmt.Errorf("open block store in %s: %w", c.DBDir(), lastErr)
}

func newBlockStore(c *cfg.Config, db dbm.DB, dir string) *BlockStore {
	bs := store.NewBlockStore(readOnlyDB{db}, store.WithDBKeyLayout(c.Storage.ExperimentalKeyLayout))
	return &BlockStore{db: db, bs: bs, dir: dir}
}

// openPebbleReadOnly opens a pebble directory read-only; pebble's fatal
// errors (it panics through pebbleLogger) become an error.
func openPebbleReadOnly(dir string) (db dbm.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("pebble: %v", r)
		}
	}()
	opts := &pebble.Options{ReadOnly: true, Logger: pebbleLogger{slog.Default()}}
	return dbm.NewPebbleDBWithOpts("blockstore", filepath.Dir(dir), opts.EnsureDefaults())
}

// Base is the lowest height held (1 unless blocks were pruned).
func (s *BlockStore) Base() int64 { return s.bs.Base() }

// Height is the height of the newest block held.
func (s *BlockStore) Height() int64 { return s.bs.Height() }

// Block returns the block at height as the Applier saw it.
func (s *BlockStore) Block(height int64) (Block, error) {
	b, meta, err := s.loadBlock(height)
	if err != nil {
		return Block{}, err
	}
	if b == nil || meta == nil {
		return Block{}, fmt.Errorf("block %d (store holds %d..%d): %w", height, s.Base(), s.Height(), ErrNoBlock)
	}
	txs := make([][]byte, len(b.Txs))
	for i, tx := range b.Txs {
		txs[i] = tx
	}
	return Block{
		Height:   b.Height,
		Time:     b.Time,
		Hash:     meta.BlockID.Hash,
		Proposer: b.ProposerAddress,
		Txs:      txs,
	}, nil
}

// loadBlock turns CometBFT's panic on undecodable block parts (a damaged
// or tampered store) into an error naming the height.
func (s *BlockStore) loadBlock(height int64) (b *cmttypes.Block, meta *cmttypes.BlockMeta, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("block %d: %w: %v", height, ErrCorruptBlock, r)
		}
	}()
	b, meta = s.bs.LoadBlock(height)
	return b, meta, nil
}

// Header returns the CometBFT header of the block at height, for hash-link
// and AppHash checks (Header(h+1).AppHash is the AppHash after block h).
func (s *BlockStore) Header(height int64) (*cmttypes.Header, error) {
	meta := s.bs.LoadBlockMeta(height)
	if meta == nil {
		return nil, fmt.Errorf("header %d: %w", height, ErrNoBlock)
	}
	return &meta.Header, nil
}

// Commit returns the validators' signatures committing the block at height:
// the canonical commit stored with the next block, or for the newest block
// the commit this node saw.
func (s *BlockStore) Commit(height int64) (*cmttypes.Commit, error) {
	var c *cmttypes.Commit
	if height == s.Height() {
		c = s.bs.LoadSeenCommit(height)
	} else {
		c = s.bs.LoadBlockCommit(height)
	}
	if c == nil {
		return nil, fmt.Errorf("commit for block %d: %w", height, ErrNoBlock)
	}
	return c, nil
}

// Close releases the store.
func (s *BlockStore) Close() error {
	err := s.db.Close()
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
	return err
}

// readOnlyDB drops the one write CometBFT's block store makes when opened
// (its key layout version), which a read-only database refuses.
type readOnlyDB struct{ dbm.DB }

func (readOnlyDB) Set([]byte, []byte) error     { return nil }
func (readOnlyDB) SetSync([]byte, []byte) error { return nil }
