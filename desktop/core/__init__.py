"""The Qt-free domain core: workflow rules, identity, seeds, spreadsheet import."""
