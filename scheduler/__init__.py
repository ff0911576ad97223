"""Domain, I/O, staffing math, validation and export for the weekly roster optimizer."""
