package sqlite

import "sync"

// cache keeps the column information of each table, which every INSERT
// needs, so SQLite is not asked again per statement. It is dropped whenever
// a schema change runs or a transaction is rolled back, since either can
// change a table's columns.
type cache struct {
	mu   sync.Mutex
	info map[string][]colInfo
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
}
