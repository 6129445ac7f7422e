//! What wraps every request, outermost first (as [`crate::web::app`] applies
//! them): the access log ([`access`]), compression of responses not kept
//! compressed ([`compress`]), the security headers ([`headers`]), the error
//! pages in the site layout ([`errors`]), then the request limits
//! ([`limits`]) just before routing.

pub mod access;
pub mod compress;
pub mod errors;
pub mod headers;
pub mod limits;
