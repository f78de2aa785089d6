package drivers

import "context"

// UpsertIDsGiver is a transaction that applies an INSERT … ON DUPLICATE KEY
// UPDATE asked WithIDsGivenBack in one statement, row by row inside it.
// The apply engine runs such an INSERT one row per statement on a driver
// that is not one.
type UpsertIDsGiver interface {
	GivesUpsertIDsBack()
}

type idsBackKey struct{}

type idsBack struct {
	col  string
	next int64
}

// WithIDsGivenBack asks the driver that applies an INSERT … ON DUPLICATE
// KEY UPDATE with the returned context to give its AUTO_INCREMENT column col
// the ids first, first+1, … in row order, a row taking the next id only if
// it is inserted: a row that updates a duplicate gives its id to the next
// row, as MariaDB does. The ids the statement holds for col are replaced.
func WithIDsGivenBack(ctx context.Context, col string, first int64) context.Context {
	return context.WithValue(ctx, idsBackKey{}, idsBack{col: col, next: first})
}

// IDsGivenBack is what WithIDsGivenBack asked for, if anything.
func IDsGivenBack(ctx context.Context) (col string, first int64, ok bool) {
	b, ok := ctx.Value(idsBackKey{}).(idsBack)
	return b.col, b.next, ok
}
