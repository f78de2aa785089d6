package sqlite

import "sync"

// cache keeps the column information of each table, which every INSERT
// needs, so SQLite is not asked again per statement. It is dropped whenever
// a schema change runs or a transaction is rolled back, since either can
// change a table's columns.
type cache struct {
	mu   sync.Mutex
	info map[string][]colInfo
	// gen counts schema changes, so a reader that loaded a table's columns
	// before one does not store them after it (see setIfCurrent).
	gen uint64
}

func newCache() *cache { return &cache{info: map[string][]colInfo{}} }

func (c *cache) tableInfo(phys string) ([]colInfo, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	info, ok := c.info[phys]
	return info, ok
}

func (c *cache) setTableInfo(phys string, info []colInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.info[phys] = info
}

func (c *cache) forgetSchema() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.info)
	c.gen++
}

func (c *cache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// setIfCurrent stores info loaded at generation gen unless the schema has
// changed since.
func (c *cache) setIfCurrent(gen uint64, phys string, info []colInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.info[phys] = info
	}
}
