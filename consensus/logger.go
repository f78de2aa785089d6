package consensus

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/cockroachdb/pebble"
	dbm "github.com/cometbft/cometbft-db"
	cfg "github.com/cometbft/cometbft/config"
	cmtlog "github.com/cometbft/cometbft/libs/log"
)

// CometBFT logs every block at Info. Its Info goes to slog Debug and its
// Debug below that, so a node at the default level only reports CometBFT's
// errors.
const levelTrace = slog.LevelDebug - 4

// cometLogger adapts slog to CometBFT's logger. onError, if set, sees
// every error CometBFT reports (see divergence.go).
type cometLogger struct {
	l       *slog.Logger
	onError func(msg string, kv []any)
}

var _ cmtlog.Logger = cometLogger{}

func newCometLogger(l *slog.Logger, onError func(string, []any)) cmtlog.Logger {
	return cometLogger{l: l.With("component", "cometbft"), onError: onError}
}

func (c cometLogger) log(level slog.Level, msg string, kv []any) {
	ctx := context.Background()
	if c.l.Enabled(ctx, level) {
		c.l.Log(ctx, level, msg, kv...)
	}
}

func (c cometLogger) Debug(msg string, kv ...any) { c.log(levelTrace, msg, kv) }
func (c cometLogger) Info(msg string, kv ...any)  { c.log(slog.LevelDebug, msg, kv) }
func (c cometLogger) Error(msg string, kv ...any) {
	level := slog.LevelError
	if _, benign := benignErrors[msg]; benign {
		level = slog.LevelDebug
	}
	c.log(level, msg, kv)
	if c.onError != nil {
		c.onError(msg, kv)
	}
}

// benignErrors are messages CometBFT logs as errors on a normal stop.
var benignErrors = map[string]struct{}{
	"Stopped accept routine, as transport is closed": {},
	"Error stopping pool":                            {}, // blocksync's pool, already stopped on switching to consensus
	"Tx already received from peer":                  {}, // gossip: several peers send every transaction
	"Error closing switch":                           {}, // already stopped by Node.quiescePeers
}

func (c cometLogger) With(kv ...any) cmtlog.Logger {
	return cometLogger{l: c.l.With(kv...), onError: c.onError}
}

// pebbleLogger sends the storage engine's messages to slog; by default
// pebble prints them on the standard logger.
type pebbleLogger struct{ l *slog.Logger }

func (p pebbleLogger) Infof(format string, args ...any) {
	p.l.Log(context.Background(), levelTrace, fmt.Sprintf(format, args...))
}

func (p pebbleLogger) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.l.Error(msg)
	panic(msg) // pebble expects Fatalf not to return
}

// dbProvider opens CometBFT's databases, with pebble logging to slog.
func dbProvider(l *slog.Logger) cfg.DBProvider {
	return func(ctx *cfg.DBContext) (dbm.DB, error) {
		if dbm.BackendType(ctx.Config.DBBackend) != dbm.PebbleDBBackend {
			return cfg.DefaultDBProvider(ctx)
		}
		opts := &pebble.Options{Logger: pebbleLogger{l.With("component", "pebble", "db", ctx.ID)}}
		return dbm.NewPebbleDBWithOpts(ctx.ID, ctx.Config.DBDir(), opts)
	}
}
