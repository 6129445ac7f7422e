//! `site.toml`: the site's name, tagline, announcement banner and the
//! health services the site sends people to (per region).

use std::path::Path;

use serde::Deserialize;

use super::ContentProblem;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteMeta {
    pub name: String,
    pub tagline: String,
    pub banner: Option<Banner>,
    /// Where to get help at each level of the warning-signs table.
    pub services: Services,
}

/// The services of the region the site serves: what to do for an
/// emergency, an urgent sign and a see-a-GP-soon sign. Every page that
/// names a warning sign takes its "what to do" from here, so another
/// country changes them in one place.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Services {
    /// For people and reviewers, e.g. `UK`.
    pub region: String,
    pub emergency: Service,
    pub urgent: Service,
    pub soon: Service,
}

/// One level's service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// What to do, as an instruction: "Call 999 or go to A&E".
    pub action: String,
    /// A number to call from a phone (shown as a `tel:` link), if any.
    pub phone: Option<String>,
    /// A page about the service, and its link text.
    pub link: String,
    pub link_text: String,
}

impl Services {
    pub fn for_level(&self, level: crate::routine::Level) -> &Service {
        match level {
            crate::routine::Level::Emergency => &self.emergency,
            crate::routine::Level::Urgent => &self.urgent,
            crate::routine::Level::Soon => &self.soon,
        }
    }
}

/// The site-wide announcement shown above the header.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Banner {
    pub text: String,
    /// An internal path the banner links to, e.g. `/routine`.
    pub link: Option<String>,
    pub link_text: Option<String>,
}

pub const FILE: &str = "site.toml";

/// Parses `site.toml` text; errors carry the line of the problem.
pub fn parse(text: &str, file: &str) -> Result<SiteMeta, ContentProblem> {
    let meta: SiteMeta = super::from_toml(text, file)?;
    let problem = |message: &str| ContentProblem {
        file: file.to_owned(),
        line: None,
        message: message.to_owned(),
    };
    if meta.name.trim().is_empty() {
        return Err(problem("`name` must not be empty"));
    }
    for (name, service) in [
        ("emergency", &meta.services.emergency),
        ("urgent", &meta.services.urgent),
        ("soon", &meta.services.soon),
    ] {
        if service.action.trim().is_empty() || service.link_text.trim().is_empty() {
            return Err(ContentProblem {
                message: format!("`services.{name}` needs an `action` and a `link_text`"),
                ..problem("")
            });
        }
        if !service.link.starts_with("https://") && !service.link.starts_with('/') {
            return Err(ContentProblem {
                message: format!(
                    "`services.{name}.link` must be an https:// address or a path on this site"
                ),
                ..problem("")
            });
        }
        if let Some(phone) = &service.phone
            && (phone.is_empty() || !phone.chars().all(|c| c.is_ascii_digit() || c == '+'))
        {
            return Err(ContentProblem {
                message: format!("`services.{name}.phone` must be digits only, like 999"),
                ..problem("")
            });
        }
    }
    if let Some(banner) = &meta.banner {
        if banner.text.trim().is_empty() {
            return Err(problem("`banner.text` must not be empty"));
        }
        if banner.link.is_some() != banner.link_text.is_some() {
            return Err(problem(
                "`banner.link` and `banner.link_text` go together: set both or neither",
            ));
        }
        if let Some(link) = &banner.link
            && !link.starts_with('/')
        {
            return Err(problem(
                "`banner.link` must be a path on this site, starting with /",
            ));
        }
    }
    Ok(meta)
}

pub fn load(dir: &Path, problems: &mut Vec<ContentProblem>) -> Option<SiteMeta> {
    super::load_file(dir, FILE, problems, |text, shown| {
        parse(text, shown).map_err(|problem| vec![problem])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_site_toml_parses() {
        let text = include_str!("../../content/site.toml");
        let meta = parse(text, "site.toml").unwrap();
        assert!(meta.banner.is_some());
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        let text = "name = \"B\"\ntagline = \"t\"\ncolour = \"red\"\n";
        let err = parse(text, "site.toml").unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("colour"), "{}", err.message);
    }

    #[test]
    fn external_banner_link_is_refused() {
        let text = "name = \"B\"\ntagline = \"t\"\n[banner]\ntext = \"x\"\nlink = \"https://e.org\"\nlink_text = \"go\"\n";
        assert!(parse(text, "site.toml").is_err());
    }
}
