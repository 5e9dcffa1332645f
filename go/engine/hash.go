package engine

import (
	"crypto/sha256"
	"encoding/hex"
)

// IntegrityHash returns the lowercase hex SHA-256 over id, source,
// source_finding_id, resource_id, account_id, region, severity, title and
// status, each followed by one 0x00 byte (docs/input.md, "Integrity hash").
func IntegrityHash(f *Finding) string {
	h := sha256.New()
	for _, s := range [...]string{
		f.ID, f.Source, f.SourceFindingID, f.ResourceID, f.AccountID,
		f.Region, f.Severity, f.Title, f.Status,
	} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}
