# Install rules of the packaging files (issue 14); the programs, the desktop entry, the icon and
# the manual pages are installed by app/CMakeLists.txt. With the prefix /usr (the package):
#   /usr/share/bash-completion/completions/backupdb-cli
#   /usr/lib/systemd/system/backupdb-admin@.service
#   /usr/share/backupdb-admin/prometheus/backupdb-alerts.yml (+ its promtool unit tests)
#   /usr/share/backupdb-admin/grafana/backupdb-dashboard.json
#   /usr/share/doc/backupdb-admin/copyright, changelog.gz, examples/
# (The translations are compiled into the programs and the icons into their resources: there
# are no separate files of them to install.)
include(GNUInstallDirs)
set(BACKUPDB_PACKAGING ${PROJECT_SOURCE_DIR}/packaging)
set(BACKUPDB_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/backupdb-admin)

install(FILES ${BACKUPDB_PACKAGING}/bash-completion/backupdb-cli
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${BACKUPDB_PACKAGING}/systemd/backupdb-admin@.service
        DESTINATION lib/systemd/system)
install(FILES ${BACKUPDB_PACKAGING}/prometheus/backupdb-alerts.yml
              ${BACKUPDB_PACKAGING}/prometheus/backupdb-alerts.test.yml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/backupdb-admin/prometheus)
install(FILES ${BACKUPDB_PACKAGING}/grafana/backupdb-dashboard.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/backupdb-admin/grafana)
install(FILES ${BACKUPDB_PACKAGING}/debian/copyright DESTINATION ${BACKUPDB_DOCDIR})
install(FILES ${BACKUPDB_PACKAGING}/systemd/example.env ${BACKUPDB_PACKAGING}/systemd/example.ini
        DESTINATION ${BACKUPDB_DOCDIR}/examples)

# Debian wants the changelog gzipped without a timestamp (gzip -n).
find_program(BACKUPDB_GZIP gzip)
if(BACKUPDB_GZIP)
    set(changelog ${CMAKE_BINARY_DIR}/packaging/changelog.gz)
    add_custom_command(OUTPUT ${changelog}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/packaging
        COMMAND ${BACKUPDB_GZIP} -9 -n -c ${BACKUPDB_PACKAGING}/debian/changelog > ${changelog}
        DEPENDS ${BACKUPDB_PACKAGING}/debian/changelog
        COMMENT "changelog.gz for the package")
    add_custom_target(backupdb_changelog ALL DEPENDS ${changelog})
    install(FILES ${changelog} DESTINATION ${BACKUPDB_DOCDIR})
endif()
