# The Debian package (issue 14): `cmake --build <build> --target package` builds
# backupdb-admin_<version>_<arch>.deb with CPack from the install rules of app/ and packaging/.
# Included from the top-level CMakeLists.txt because CPack's variables must be set in its scope.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME backupdb-admin)
set(CPACK_PACKAGE_VENDOR "BackupDB Admin")
set(CPACK_PACKAGE_CONTACT "BackupDB Admin maintainers <maintainers@backupdb-admin.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "administration of an encrypted file-backup server's SQLite database")
# The extended description, without the synopsis (CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY
# first) and without leading spaces (CPack indents each line; an empty line becomes " .").
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "BackupDB Admin looks after the SQLite catalogue of a file-backup server:
its clients and files, the health of the connection pool, the integrity
of the data and its backups.

The package holds the desktop application backupdb-admin, the headless
tool backupdb-cli, a systemd service that runs scheduled checks, verified
backups, retention and vacuum and exports Prometheus metrics, Prometheus
alerting rules and a Grafana dashboard.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # backupdb-admin_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://backupdb-admin.invalid/")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON) # lintian: unstripped-binary-or-object is an error
# The libraries the programs link (Qt 6, SQLite, libc) come from dpkg-shlibdeps; the Qt plugins
# they load at run time cannot be seen in the ELF files and are named here: the SQLite driver
# of Qt SQL, the SVG icon engine and image plugin (the icons), and the platform plugins of the
# desktop application (xcb/wayland; the CLI needs none).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6, qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus, grafana")
# Qt's own texts (dialog buttons, file dialogs) in German and French.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n")
# The maintainer scripts tell systemd about the unit (and never start or enable it: the operator
# names the database first, see the README).
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/debian/postinst;${PROJECT_SOURCE_DIR}/packaging/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
