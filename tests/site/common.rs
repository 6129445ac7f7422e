//! Shared test helpers: a real app over a temporary database.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test;
use tempfile::TempDir;

use backcare::{AppState, Config};

/// A started site (content from the repository, a fresh database in a
/// temporary folder that lives as long as this value).
pub struct TestSite {
    pub state: AppState,
    pub dir: TempDir,
}

impl TestSite {
    pub fn new() -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config::for_test(dir.path().join("data/test.db"));
        let state = backcare::startup(config).expect("site starts");
        TestSite { state, dir }
    }

    /// A site whose content folder is a copy of the repository's, changed by
    /// `edit` first (e.g. to write a broken catalog). Returns why it would
    /// not start, if it would not.
    pub fn with_content(
        edit: impl FnOnce(&std::path::Path),
    ) -> Result<TestSite, backcare::StartError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let content = dir.path().join("content");
        copy_dir(&Config::for_test(dir.path().join("x")).content, &content);
        edit(&content);
        let mut config = Config::for_test(dir.path().join("data/test.db"));
        config.content = content;
        let state = backcare::startup(config)?;
        Ok(TestSite { state, dir })
    }
}

/// Copies a folder tree (content folders are small).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A response reduced to what the tests look at.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[track_caller]
    pub fn assert_contains(&self, needle: &str) {
        assert!(
            self.body.contains(needle),
            "expected the page to contain {needle:?}; status {}, body:\n{}",
            self.status,
            self.body
        );
    }
}

pub async fn into_page<B: MessageBody>(res: ServiceResponse<B>) -> Page {
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = test::read_body(res).await;
    Page {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn send<S, B>(app: &S, req: actix_http::Request) -> Page
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    into_page(test::call_service(app, req).await).await
}

pub async fn get<S, B>(app: &S, uri: &str) -> Page
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    send(app, test::TestRequest::get().uri(uri).to_request()).await
}

/// Asserts the page is drawn in the site layout (skip link, header, footer).
#[track_caller]
pub fn assert_in_layout(page: &Page) {
    page.assert_contains("<html lang=\"en\">");
    page.assert_contains("class=\"skip-link\" href=\"#main\"");
    page.assert_contains("<main id=\"main\"");
    page.assert_contains("This site is not medical advice");
}
