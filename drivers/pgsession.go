package drivers

import "context"

// PGSession is what a postgres-dialect read knows of the client session
// it answers, for the catalog answers blocksql makes itself (psql's \l
// and \du, pg_catalog and information_schema on SQLite): the database the
// client named at startup, its user and the node's users.
type PGSession struct {
	Database string
	User     string // the session's user
	Users    []string
}

type pgSessionKey struct{}

// WithPGSession is ctx carrying s.
func WithPGSession(ctx context.Context, s PGSession) context.Context {
	return context.WithValue(ctx, pgSessionKey{}, s)
}

// PGSessionOf is the session ctx carries (zero without one).
func PGSessionOf(ctx context.Context) PGSession {
	s, _ := ctx.Value(pgSessionKey{}).(PGSession)
	return s
}
