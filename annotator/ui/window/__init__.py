"""The window shell: main window, actions and menus, settings, restoring state, the File menu."""
