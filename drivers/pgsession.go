package drivers

import "context"

// PGSession is what a postgres-dialect read knows of the client session
// it answers, for the catalog answers a backend without pg_catalog makes
// itself (psql's \l and \du on SQLite): the database the client named at
// startup and the node's users.
type PGSession struct {
	Database string
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
