//go:build !linux

package sqlite

// startWriteback does nothing where sync_file_range is missing; the fsync
// at close writes the whole file.
func startWriteback(string) {}
